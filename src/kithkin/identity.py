"""Match keys: the normalised forms under which names and contacts are compared.

"José  Núñez", "jose nunez" and "JOSE NUÑEZ" must find the same person, and
"San Diego State University." the same school as "san diego state
university". The store indexes these keys; it never compares raw text.

The rules for weaker evidence live here too, pure: when a similar name and a
shared *specific* group propose a merge, and with what score
(:func:`proposal_score`, :func:`is_specific_group`, :func:`name_blocks`);
:mod:`kithkin.services.resolving` only looks the facts up in the store.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

DEFAULT_REGION = "US"
"""Where a phone number written without a country code is taken to be."""

_NOT_WORD = re.compile(r"[^\w]+")
_SCHEME = re.compile(r"^[a-z]+://")


def name_key(text: str) -> str:
    """Casefolded, accent-free, punctuation-free, single-spaced.

    >>> name_key("  José   Núñez-Smith ")
    'jose nunez smith'
    >>> name_key("San Diego State University.")
    'san diego state university'
    >>> name_key("O'Brien")
    'obrien'
    """
    plain = text.replace("'", "").replace("\u2019", "")
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).replace("_", " ").split())


def email_key(text: str) -> str:
    """Emails compare case-insensitively after trimming.

    >>> email_key(" Dana.Reyes@Example.COM ")
    'dana.reyes@example.com'
    """
    return text.strip().casefold()


@functools.lru_cache(maxsize=65536)
def phone_key(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form, so "(619) 555-0100", "619.555.0100" and "+1 619 555 0100" match.

    Uses Google's libphonenumber rules (``phonenumbers``); a number written
    without a country code is read as a number of ``region``. What cannot be
    read as a phone number keeps its digits (and a leading ``+``), so it still
    matches itself.

    >>> phone_key("(619) 555-0100")
    '+16195550100'
    >>> phone_key("+44 20 7946 0958")
    '+442079460958'
    >>> phone_key("ext. 12"), phone_key("Reyes")
    ('12', '')
    >>> phone_key("+1 858 555 0100 ext. 7"), phone_key("+1 858 555 0100 x8")
    ('+18585550100;ext=7', '+18585550100;ext=8')
    """
    stripped = text.strip()
    if not any(ch.isdigit() for ch in stripped):  # libphonenumber needs digits: a name is no number
        return "+" if stripped.startswith("+") else ""
    import phonenumbers  # here: ~0.06 s of start-up that a command reading no phone need not pay

    try:
        number = phonenumbers.parse(stripped, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        # An extension is part of whom the number reaches: ext. 7 and ext. 8 of one switchboard are two people.
        return f"{e164};ext={number.extension}" if number.extension else e164
    digits = "".join(ch for ch in stripped if ch.isdigit())
    return ("+" if stripped.startswith("+") else "") + digits


def handle_key(text: str) -> str:
    """Handles compare case-insensitively without a leading ``@``.

    >>> handle_key("@DanaR")
    'danar'
    """
    return text.strip().lstrip("@").casefold()


def url_key(text: str) -> str:
    """Profile URLs compare without scheme, ``www.``, trailing slash or case.

    >>> url_key("https://www.LinkedIn.com/in/dana-reyes/")
    'linkedin.com/in/dana-reyes'
    """
    value = text.strip().casefold()
    value = _SCHEME.sub("", value)
    value = value.removeprefix("www.")
    return value.rstrip("/")


def contact_key(kind: str, value: str) -> str:
    """The match key of a contact value of ``kind`` (email, phone, handle, url)."""
    if kind == "phone":
        return phone_key(value)
    keys: dict[str, Callable[[str], str]] = {"email": email_key, "handle": handle_key, "url": url_key}
    return keys[kind](value)


def role_key(role: str) -> str:
    """Roles (majors, titles) compare case- and space-insensitively.

    >>> role_key("  Computer   Science ") == role_key("computer science")
    True
    """
    return " ".join(role.split()).lower()


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 0 to 100, ignoring word order, case and accents.

    "Reyes, Dana" and "Dana Reyes" are the same name; "Dana Reyes" and
    "Dana Reyes-Ortiz" are close. Only a hint: a merge also needs a shared
    employer, place or school (see :func:`proposal_score`).

    >>> name_similarity("Reyes, Dana", "dana reyes")
    100.0
    >>> name_similarity("Dana Reyes", "Diana Reyes") > 90
    True
    """
    from rapidfuzz import fuzz  # here: only imports and merges compare names

    return float(fuzz.token_sort_ratio(name_key(a), name_key(b)))


# -- merge proposals: when weaker evidence proposes (never makes) a merge --------------------------

SIMILAR_NAME = 85.0
"""rapidfuzz token-sort ratio from which two names are "similar" (Dana/Diana Reyes: 95; Dan/Dana: 93)."""
MAX_NAME_CANDIDATES = 5
"""A name shared by more people than this (John Smith) says nothing about who is who."""
SPECIFIC_FLOOR = 50
SPECIFIC_SHARE = 0.2
SAME_NAME_SCORE = 0.5
"""The score of an identical, unusual name with nothing else in common yet."""


def name_blocks(key: str) -> tuple[str, str]:
    """Two blocking keys under which similar names meet: the sorted words, and first initial + last word.

    >>> name_blocks("reyes dana"), name_blocks("dana m reyes")
    (('dana reyes', 'r dana'), ('dana m reyes', 'd reyes'))
    """
    words = key.split()
    return " ".join(sorted(words)), f"{words[0][0]} {words[-1]}" if words else ""


def is_specific_group(members: int, people: int) -> bool:
    """Whether sharing a group of ``members`` says something about identity among ``people``: not when a
    fifth of everyone is in it (the community a whole directory belongs to, a big city).

    >>> is_specific_group(40, 100), is_specific_group(200, 1000), is_specific_group(201, 1000)
    (True, True, False)
    """
    return members <= max(SPECIFIC_FLOOR, SPECIFIC_SHARE * people)


def proposal_score(similarity: float, shared: int, *, candidates: int, words: int) -> float | None:
    """The score of proposing to merge two people, or None for no proposal.

    ``similarity`` is :func:`name_similarity` of their names, ``shared`` how many specific groups they
    share, ``candidates`` how many people have a similar name, ``words`` how many words the name has. A
    similar name with a shared group proposes (more shared groups, higher score); an identical name of more
    than one word, borne by nobody else, proposes weakly; anything less proposes nothing.

    >>> proposal_score(95.0, 1, candidates=2, words=2)
    0.855
    >>> proposal_score(100.0, 0, candidates=1, words=2), proposal_score(100.0, 0, candidates=2, words=2)
    (0.5, None)
    >>> proposal_score(80.0, 3, candidates=1, words=2) is None
    True
    """
    if similarity < SIMILAR_NAME:
        return None
    if shared:
        return min(1.0, similarity / 100 * (0.8 + 0.1 * shared))
    if similarity == 100 and candidates == 1 and words > 1:
        return SAME_NAME_SCORE
    return None


# -- which shared keys prove two records are one person ---------------------------------------------------------

#: Local parts of addresses that belong to a role or a desk, not a person: many people write to (and from) them,
#: so sharing one proves nothing about identity.
ROLE_MAILBOXES = frozenset(
    {
        "info", "office", "admin", "administrator", "contact", "contacts", "hello", "hi", "team", "sales", "support",
        "help", "helpdesk", "service", "services", "customerservice", "noreply", "no-reply", "donotreply",
        "do-not-reply", "reception", "frontdesk", "mail", "email", "enquiries", "enquiry", "inquiries", "inquiry",
        "hr", "jobs", "careers", "recruiting", "billing", "accounts", "accounting", "finance", "invoices", "orders",
        "booking", "bookings", "reservations", "press", "media", "marketing", "webmaster", "postmaster", "hostmaster",
        "abuse", "security", "privacy", "legal", "general", "main", "members", "membership", "events", "newsletter",
        "feedback", "staff", "all", "everyone", "family", "home", "house",
    }
)  # fmt: skip


def is_role_address(email: str) -> bool:
    """Whether an address belongs to a role or a desk (``info@``, ``office@``), not to one person.

    >>> is_role_address("info@acme.example"), is_role_address("Dana.Reyes@acme.example")
    (True, False)
    """
    local = email.strip().lower().partition("@")[0].split("+")[0]
    return local in ROLE_MAILBOXES


def is_identifying_phone(key: str) -> bool:
    """Whether a phone key (:func:`phone_key`) can tell one person from another: a full number, not a short
    code, not a placeholder ("123456", "0000000", "555-5555").

    >>> is_identifying_phone("+16195550100"), is_identifying_phone("123456"), is_identifying_phone("+15555555555")
    (True, False, False)
    """
    digits = "".join(ch for ch in key.split(";")[0] if ch.isdigit())
    if len(digits) < 8:
        return False
    tail = digits[-7:]
    if len(set(tail)) <= 2:
        return False
    return not any(run in digits for run in ("1234567", "2345678", "3456789", "9876543", "0123456"))


def names_agree(a: str, b: str) -> bool:
    """Whether two names could be one person's: alike (:data:`SIMILAR_NAME`), one inside the other ("Dana" and
    "Dana Reyes"), or one of them no name at all (an address where a name should be).

    >>> names_agree("Reyes, Dana", "Dana Reyes"), names_agree("Dana", "Dana Reyes")
    (True, True)
    >>> names_agree("D. Reyes", "Dana Reyes")
    True
    >>> names_agree("Ann Smith", "Bob Smith")
    False
    """
    if "@" in a or "@" in b:
        return True
    shorter, longer = sorted((name_key(a).split(), name_key(b).split()), key=len)
    if shorter and _words_within(shorter, longer):
        return True
    return name_similarity(a, b) >= SIMILAR_NAME


def _words_within(shorter: list[str], longer: list[str]) -> bool:
    """Every word of ``shorter`` matches its own word of ``longer`` — the same word, or an initial of it
    ("D. Reyes" within "Dana Reyes")."""
    left = list(longer)
    for word in shorter:
        match = next((w for w in left if w == word or (min(len(w), len(word)) == 1 and w[0] == word[0])), None)
        if match is None:
            return False
        left.remove(match)
    return True


def same_person_by(kind: str, record_name: str, other_name: str, *, other_emails_differ: bool = False) -> bool:
    """Whether a shared key of ``kind`` (email, phone, url, handle) makes a record the person who has it — or
    only a proposal for review: a shared key with names that disagree, or a shared phone between people whose
    emails differ (a household's landline, an office switchboard), never merges anyone on its own.

    >>> same_person_by("email", "Dana Reyes", "Reyes, Dana")
    True
    >>> same_person_by("phone", "Ann Smith", "Bob Smith")
    False
    >>> same_person_by("phone", "Ann Smith", "Ann Smith", other_emails_differ=True)
    False
    """
    if not names_agree(record_name, other_name):
        return False
    return not (kind == "phone" and other_emails_differ)
