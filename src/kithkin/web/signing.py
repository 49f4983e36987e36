"""The key that signs session cookies, made once per store and kept beside it, so that restarting
``kithkin serve`` keeps everyone signed in (a new random key at every start would sign them all out).

The key lives in ``<store>.web-key``, readable by its owner only (0600) like the store itself. It is not a
row of the store: a JSON backup holds every row, and a copy of the key would let whoever holds the backup
forge a signed-in cookie for the running server. Two servers started at once on one store agree on one
key: the file is written whole under a temporary name, then linked into place, which fails for the
second one, who reads the first one's key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: How many random bytes a key holds (256 bits).
KEY_BYTES = 32


def key_path(db_path: Path) -> Path:
    """Where the key of the store at ``db_path`` lives.

    >>> key_path(Path("/home/ann/kithkin.sqlite")).name
    'kithkin.sqlite.web-key'
    """
    return db_path.with_name(db_path.name + ".web-key")


def session_key(db_path: Path) -> str:
    """The store's cookie-signing key: read from beside the store, or made there (0600) the first time."""
    path = key_path(db_path)
    existing = _read(path)
    if existing:
        return existing
    key = secrets.token_urlsafe(KEY_BYTES)
    draft = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key + "\n")
        try:
            os.link(draft, path)  # atomic, and refuses to replace a key another server made meanwhile
        except FileExistsError:
            return _read(path) or key
    finally:
        draft.unlink(missing_ok=True)
    return key


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
