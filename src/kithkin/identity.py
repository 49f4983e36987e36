"""Match keys: the normalised forms under which names and contacts are compared.

"José  Núñez", "jose nunez" and "JOSE NUÑEZ" must find the same person, and
"San Diego State University." the same school as "san diego state
university". The store indexes these keys; it never compares raw text.
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
    employer, place or school (see :func:`merge_evidence`).

    >>> name_similarity("Reyes, Dana", "dana reyes")
    100.0
    >>> name_similarity("Dana Reyes", "Diana Reyes") > 90
    True
    """
    return float(fuzz.token_sort_ratio(name_key(a), name_key(b)))
