"""Match keys: the normalised forms under which names and contacts are compared.

"José  Núñez", "jose nunez" and "JOSE NUÑEZ" must find the same person, and
"San Diego State University." the same school as "san diego state
university". The store indexes these keys; it never compares raw text.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def name_key(text: str) -> str:
    """Casefolded, accent-free, punctuation-free, single-spaced.

    >>> name_key("  José   Núñez-Smith ")
    'jose nunez smith'
    >>> name_key("San Diego State University.")
    'san diego state university'
    >>> name_key("O'Brien")
    'obrien'
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("'", "").replace("\u2019", ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).replace("_", " ").split())


def email_key(text: str) -> str:
    """Emails compare case-insensitively after trimming.

    >>> email_key(" Dana.Reyes@Example.COM ")
    'dana.reyes@example.com'
    """
    return text.strip().casefold()


def phone_key(text: str) -> str:
    """Digits only, keeping a leading ``+`` (full normalisation comes with imports).

    >>> phone_key("+1 (619) 555-0100")
    '+16195550100'
    """
    stripped = text.strip()
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
    value = re.sub(r"^[a-z]+://", "", value)
    value = value.removeprefix("www.")
    return value.rstrip("/")


def contact_key(kind: str, value: str) -> str:
    """The match key of a contact value of ``kind`` (email, phone, handle, url)."""
    return {"email": email_key, "phone": phone_key, "handle": handle_key, "url": url_key}[kind](value)


def role_key(role: str) -> str:
    """Roles (majors, titles) compare case- and space-insensitively.

    >>> role_key("  Computer   Science ") == role_key("computer science")
    True
    """
    return " ".join(role.split()).lower()
