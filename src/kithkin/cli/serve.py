"""`kithkin serve`: the web app on this machine (127.0.0.1 by default; anything wider needs a password)."""

from __future__ import annotations

import getpass
import os
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from kithkin.cli import render
from kithkin.cli.context import db_path, opened
from kithkin.errors import InputError

# The web app, uvicorn and argon2 are imported where `serve` runs, so that `kithkin --help` stays fast.


def read_password_file(path: Path) -> str:
    """The argon2 hash kept in ``path`` (made by ``kithkin serve --set-password``)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"cannot read the password file {path}: {exc.strerror}") from None
    if not text.startswith("$argon2"):
        raise InputError(f"{path} does not hold a password hash: make one with `kithkin serve --set-password {path}`")
    return text.splitlines()[0]


def check_bind(host: str, password_file: Path | None) -> str | None:
    """The password hash to ask for, or None; refuses a host other machines can reach without one."""
    from kithkin.web.security import is_loopback

    if password_file is not None:
        return read_password_file(password_file)
    if not is_loopback(host):
        raise InputError(f"--host {host} lets other machines reach your network: add --password-file FILE")
    return None


def _set_password(path: Path) -> None:
    from kithkin.web.security import hash_password

    first = getpass.getpass("New password: ")
    if len(first) < 8:
        raise InputError("use a password of at least 8 characters")
    if getpass.getpass("Again: ") != first:
        raise InputError("the two passwords differ; nothing was written")
    path.write_text(hash_password(first) + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    render.done(f"wrote a password hash to {path}; start with `kithkin serve --password-file {path}`")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on; other than 127.0.0.1 needs --password-file.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the app in your browser.")] = False,
    password_file: Annotated[
        Path | None, typer.Option(help="A file holding a password hash (see --set-password): everyone must sign in.")
    ] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option(help="Another host name browsers may use to reach the app (repeatable).")
    ] = None,
    set_password: Annotated[
        Path | None, typer.Option(help="Ask for a password, write its argon2 hash to this file, and stop.")
    ] = None,
    threads: Annotated[
        int, typer.Option(min=1, max=64, help="Requests served at once (more fight over one core; see docs/web.md).")
    ] = 4,  # kithkin.web.app.THREADS, not imported here: the CLI starts without loading the web stack
) -> None:
    """Serve kithkin's web pages and JSON API on this machine."""
    import uvicorn

    from kithkin.web import create_app
    from kithkin.web.security import default_hosts

    if set_password is not None:
        _set_password(set_password)
        return
    password_hash = check_bind(host, password_file)
    # A new user's first command may be this one: a missing store is made (it exited with "run `kithkin init`"),
    # and said, so a mistyped --db is seen; an unreadable one is one calm line now, not an error page later.
    new = not db_path(ctx).exists()
    with opened(ctx, write=True):
        pass
    if new:
        render.line(f"a new, empty store at {db_path(ctx)}: import your contacts from the Import page")
    hosts = [*default_hosts(host), *(allow_host or [])]
    app = create_app(db_path(ctx), password_hash=password_hash, allowed_hosts=hosts, threads=threads)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    render.line(f"kithkin is at {url}  (Ctrl-C to stop)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=[url]).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
