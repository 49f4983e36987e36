"""Plain-language phrases for facts, shared by every way kithkin shows them."""

from __future__ import annotations

from kithkin.model import Affiliation, FuzzyDate, GroupKind

KIND_TITLES = {
    GroupKind.SCHOOL: "Schools",
    GroupKind.EMPLOYER: "Employers",
    GroupKind.EVENT: "Events",
    GroupKind.COMMUNITY: "Communities",
    GroupKind.PLACE: "Places",
    GroupKind.INTEREST: "Interests",
}

CLOSENESS_WORDS = {1: "acquaintance", 2: "casual", 3: "friend", 4: "close", 5: "closest"}


def first_name(name: str) -> str:
    """What to call someone in a sentence: their first name.

    >>> first_name("Dana Reyes"), first_name("")
    ('Dana', '')
    """
    words = name.split()
    return words[0] if words else name


def span(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    """A period as people write it.

    >>> span(FuzzyDate(1998), FuzzyDate(2002))
    '1998–2002'
    >>> span(FuzzyDate(2011), None)
    '2011–now'
    >>> span(None, None)
    ''
    >>> span(None, FuzzyDate(2002))
    'until 2002'
    """
    if start is None and end is None:
        return ""
    if start is None:
        return f"until {end}"
    if end is None:
        return f"{start}–now"
    if start == end:
        return str(start)
    return f"{start}–{end}"


def affiliation_detail(aff: Affiliation) -> str:
    """Role and period of an affiliation: "Marketing, 1998–2002".

    >>> from kithkin.model import Group
    >>> sdsu = Group(GroupKind.SCHOOL, "SDSU")
    >>> affiliation_detail(Affiliation(1, sdsu, "Marketing", FuzzyDate(1998), FuzzyDate(2002)))
    'Marketing, 1998–2002'
    """
    parts = [aff.role] if aff.role else []
    when = span(aff.start, aff.end)
    if when:
        parts.append(when)
    elif aff.group.on is not None:
        parts.append(str(aff.group.on))
    return ", ".join(parts)
