"""What tests that change a store share: a copy of a store that is the same store to the product."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_store(path: Path, folder: Path) -> Path:
    """Copy the store at *path* into *folder* with every file kept beside it under its name (the WAL log, which may
    hold the last writes, and the caches, which stay valid as they belong to the same store), and return the copy."""
    for part in path.parent.glob(path.name + "*"):
        shutil.copy(part, folder / part.name)
    return folder / path.name
