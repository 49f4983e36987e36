"""What every command shares: where the store is, opening it, and turning user errors into one calm line."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

import platformdirs
import typer

from kithkin.cli import render
from kithkin.errors import KithkinError
from kithkin.store import Store

P = ParamSpec("P")
R = TypeVar("R")


def data_dir() -> Path:
    """Where kithkin keeps its files unless told otherwise (per-user, per-platform)."""
    return Path(platformdirs.user_data_dir("kithkin", appauthor=False))


def default_db() -> Path:
    return data_dir() / "kithkin.sqlite"


def db_path(ctx: typer.Context) -> Path:
    path = ctx.find_root().obj.get("db") if ctx.find_root().obj else None
    return Path(path) if path else default_db()


@contextmanager
def opened(ctx: typer.Context, *, write: bool = False) -> Iterator[Store]:
    """The user's store; reading needs it to exist, writing creates it."""
    store = Store.open(db_path(ctx), create=write)
    try:
        yield store
    finally:
        store.close()


def user_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Show a :class:`KithkinError` as one line on stderr and exit 1; Ctrl-C exits 130 quietly."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except KithkinError as exc:
            render.error(str(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            render.error("interrupted; nothing was changed")
            raise typer.Exit(130) from None

    return wrapper
