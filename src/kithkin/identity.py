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

import phonenumbers
from rapidfuzz import fuzz

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
    >>> phone_key("ext. 12")
    '12'
    """
    stripped = text.strip()
    try:
        number = phonenumbers.parse(stripped, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
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
