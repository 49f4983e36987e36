"""What every command shares: where the store is, opening it, today's date, the ``--json`` option, and
turning user errors into one calm line — each defined once, here.

Command modules build their groups with :class:`App` (a :class:`typer.Typer` whose commands are wrapped by
:func:`user_errors`), so no command can forget the error handling.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import platformdirs
import typer
from typer.models import CommandFunctionType

from kithkin.cli import render
from kithkin.dates import parse_day
from kithkin.errors import InputError, KithkinError

if TYPE_CHECKING:
    from kithkin.store import Store

P = ParamSpec("P")
R = TypeVar("R")

#: The ``--json`` option every read command takes.
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

#: The ``--json`` option every read command takes.


def data_dir() -> Path:
    """Where kithkin keeps its files unless told otherwise (per-user, per-platform)."""
    return Path(platformdirs.user_data_dir("kithkin", appauthor=False))


def default_db() -> Path:
    return data_dir() / "kithkin.sqlite"


def db_path(ctx: typer.Context) -> Path:
    path = ctx.find_root().obj.get("db") if ctx.find_root().obj else None
    return Path(path) if path else default_db()


def today() -> dt.date:
    """Today, or KITHKIN_TODAY (YYYY-MM-DD) to replay a day — for tests and cron jobs."""
    fixed = os.environ.get("KITHKIN_TODAY")
    return parse_day(fixed) if fixed else dt.date.today()


def write_file(path: Path, data: bytes | str) -> None:
    """Write a file the user named, whole or not at all (see :func:`written`)."""
    with written(path) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def written(path: Path, *, newline: str | None = None, text: bool = False) -> Iterator[IO[Any]]:
    """A file the user named, written whole or not at all: through a link to the file it points at (the link
    stays a link), never over anything that is not a regular file (a device, a folder), private to the user
    (0600) when new; a folder that is missing or not writable is one calm line, not a traceback."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise InputError(f"{path} is not a regular file: choose another name")
    if not target.parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {target.parent} does not exist")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o600
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        if text:
            with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
                yield out
        else:
            with os.fdopen(handle, "wb") as out:
                yield out
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise InputError(f"cannot write {path}: {error.strerror or error}") from None
        raise


@contextmanager
def opened(ctx: typer.Context, *, write: bool = False) -> Iterator[Store]:
    """The user's store; reading needs it to exist, writing creates it."""
    from kithkin.store import Store  # here, not at the top: --help must not pay for the store and its parts

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


class App(typer.Typer):
    """A command group whose every command and callback turns user errors into one calm line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)  # locals may hold someone's phone number
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        register = super().command(name, **kwargs)

        def decorator(fn: CommandFunctionType) -> CommandFunctionType:
            register(user_errors(fn))
            return fn

        return decorator

    def callback(self, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        register = super().callback(**kwargs)

        def decorator(fn: CommandFunctionType) -> CommandFunctionType:
            register(user_errors(fn))
            return fn

        return decorator
