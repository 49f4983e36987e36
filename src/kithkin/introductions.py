"""Introduction requests in words: the message asking the first person on a path to introduce you, and the
short note they can forward to the person you want to meet (a double opt-in: the target says yes first).

Pure text: the paths come from :mod:`kithkin.network.paths`, the words about what two people share from
:mod:`kithkin.common_ground`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kithkin.text import first_name

#: Between the request and the note in a draft the user edits; what follows it is the note.
NOTE_MARK = "--- note to forward ---"


@dataclass(frozen=True)
class Chain:
    """Who is on a path, in order (the user first, the person to reach last), and how the introducer knows
    the person after them (empty when unknown)."""

    names: Sequence[str]
    how: str = ""


def draft_request(chain: Chain, shared: str | None, where: str) -> str:
    """An editable introduction request to the first person on the path: whom, why (how the introducer
    knows them, what the two ends have in common), and an offer of a note to forward."""
    me, introducer, target = chain.names[0], chain.names[1], chain.names[-1]
    via = f" (through {', '.join(chain.names[2:-1])})" if len(chain.names) > 3 else ""
    how = chain.how if len(chain.names) == 3 else ""
    reasons = [f"I understand you know each other ({how})." if how else "", in_common(shared)]
    why = " ".join(r for r in reasons if r)
    return (
        f"Hi {first_name(introducer)},\n\n"
        f"I hope you're well. I'd love to meet {target}{where}{via}. {why + ' ' if why else ''}"
        f"Would you be open to introducing us? Below is a short note you could forward, so that "
        f"{first_name(target)} can say yes first.\n\nThanks so much,\n{first_name(me)}"
    )


def draft_note(chain: Chain, shared: str | None) -> str:
    """The forwardable note to the target (a double opt-in: they agree before anyone is put on the spot).

    The target knows only the last person on the path, who forwards the note, so that is whom it names.

    >>> draft_note(Chain(["Dana Reyes", "Ann Lee", "Bo Chen", "Cy Park"]), None).splitlines()[2]
    "I'm Dana Reyes, a friend of Ann's, who knows Bo. I'd enjoy comparing notes over a coffee or a short call, \
if you're open to it."
    """
    me, target = chain.names[0], chain.names[-1]
    between = [first_name(name) for name in chain.names[1:-1]]
    if len(between) == 1:
        who = f"a friend of {between[0]}'s"
    elif len(between) == 2:
        who = f"a friend of {between[0]}'s, who knows {between[1]}"
    else:
        who = f"connected to you through {', '.join(between[:-1])} and {between[-1]}"
    return (
        f"Hi {first_name(target)},\n\n"
        f"I'm {me}, {who}. {in_common(shared) + ' ' if shared else ''}"
        f"I'd enjoy comparing notes over a coffee or a short call, if you're open to it.\n\n"
        f"Best,\n{first_name(me)}"
    )


def join_draft(request: str, note: str) -> str:
    """The request and the note as one text to edit, the note after :data:`NOTE_MARK`."""
    return request + (f"\n\n{NOTE_MARK}\n\n{note}" if note else "") + "\n"


def split_draft(text: str) -> tuple[str, str]:
    """The request and the note from an edited draft (:func:`join_draft`'s text).

    >>> split_draft(join_draft("Hi Ann", "Hi Bo"))
    ('Hi Ann', 'Hi Bo')
    >>> split_draft("Just a request")
    ('Just a request', '')
    """
    request, _, note = text.partition(NOTE_MARK)
    return request.strip(), note.strip()


def in_common(shared: str | None) -> str:
    """A common-ground sentence in the first person: "Both attended X" → "We both attended X.",
    "Both members of X" → "We're both members of X.", "Colleagues at X" → "We were colleagues at X."

    >>> in_common("Both going to Happy hour"), in_common("Colleagues at Intuit, overlapping 2021–2026")
    ("We're both going to Happy hour.", 'We were colleagues at Intuit, overlapping 2021–2026.')
    >>> in_common("Both live in San Diego"), in_common("3 mutual contacts")
    ('We both live in San Diego.', 'In common: 3 mutual contacts.')
    >>> in_common("Both Marketing majors at San Diego State, overlapping 1998–2001")
    'We were both Marketing majors at San Diego State, overlapping 1998–2001.'
    >>> in_common("Both connected to San Diego"), in_common("Both attended PyCon 2024 (one of you spoke)")
    ("We're both connected to San Diego.", 'We both attended PyCon 2024 (one of us spoke).')
    >>> in_common("Colleagues at Intuit, both there since 2021")
    "We've been colleagues at Intuit since 2021."
    >>> in_common("Both Biology majors at UCSD, both there since 2023")
    "We've both been Biology majors at UCSD since 2023."
    """
    if shared is None:
        return ""
    first, _, rest = shared.rstrip(".").replace("one of you", "one of us").partition(" ")
    if ", both there since " in rest:  # still there together (common_ground._when): the present perfect
        rest = rest.replace(", both there since ", " since ")
        return f"We've both been {rest}." if first == "Both" else f"We've been {first.lower()} {rest}."
    if first == "Both":
        verb = rest.split(" ", 1)[0]
        if verb in _VERBS:
            return f"We both {rest}."
        return f"We were both {rest}." if "overlapping" in rest else f"We're both {rest}."
    if first in ("Colleagues", "Classmates", "Neighbours", "Teammates"):
        return f"We were {first.lower()} {rest}."
    return f"In common: {shared.rstrip('.')}."


#: The verbs common-ground sentences start with after "Both" ("Both attended …"): they follow "We both" as
#: they are; anything else is a description and takes "We're both" ("Both members of …", "Both connected to …").
_VERBS = frozenset({"attended", "studied", "worked", "went", "grew", "live", "know"})
