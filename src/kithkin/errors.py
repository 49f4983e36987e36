"""Errors a user can cause and fix, each one line when shown.

The edges (CLI, later web) catch :class:`KithkinError` and print its message
with no traceback; anything else is a bug and is allowed to surface.

::

    KithkinError
    ├── StoreError                 the database file cannot be used
    │   └── SchemaTooNew           written by a newer kithkin
    ├── InputError                 a value the user typed is not valid
    │   ├── BadDate                a date that cannot be read
    │   ├── NameTaken              a new person's name is someone's already
    │   └── BadCursor              a page cursor kithkin did not hand out
    ├── NotFound                   nothing matches a reference
    │   ├── UnknownPerson
    │   └── NoMe                   the user has not said who they are
    ├── AmbiguousPerson            several people match a reference
    └── SourceError                a file being read is malformed (file, line, field)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager


class KithkinError(Exception):
    """Base of every error caused by input rather than by a bug; ``field`` names the value at fault, when known."""

    field: str | None = None


class StoreError(KithkinError):
    """The database file is missing, unreadable or not a kithkin store."""


class SchemaTooNew(StoreError):
    """The store was written by a newer version of kithkin."""


class InputError(KithkinError):
    """A value given on the command line or to a use case is not valid."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


@contextmanager
def about(field: str) -> Iterator[None]:
    """Name ``field`` as the value at fault in a :class:`KithkinError` raised inside (unless it names one), so
    a form can show the message next to that field.

    >>> try:
    ...     with about("on"):
    ...         raise BadDate("month 00")
    ... except InputError as exc:
    ...     exc.field
    'on'
    """
    try:
        yield
    except KithkinError as exc:
        if exc.field is None:
            exc.field = field
        raise


class NameTaken(InputError):
    """A person added with the name of someone already there (say it is a second person to add them)."""

    def __init__(self, known: str) -> None:
        self.known = known
        super().__init__(
            f"{known} is already in your network: pass --new to add a second person of the same name", field="name"
        )


class BadDate(InputError):
    """A date that cannot be read."""


class BadCursor(InputError):
    """A page cursor that kithkin did not hand out (or that was cut short)."""

    field = "cursor"


class NotFound(KithkinError):
    """Nothing in the store matches what was asked for."""


class UnknownPerson(NotFound):
    """No person matches a name, email or id."""

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = tuple(suggestions)
        message = f"no person matches {ref!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


#: How to say who you are, for web users and CLI users alike (a page that said only `kithkin me NAME` was a dead end).
SAY_WHO_YOU_ARE = "“This is me” on your own page, or `kithkin me NAME`"


class NoMe(NotFound):
    """The user has not said which person they are (``kithkin me NAME``)."""

    def __init__(self) -> None:
        super().__init__(f"you have not said who you are yet: {SAY_WHO_YOU_ARE}")


class AmbiguousPerson(KithkinError):
    """A reference matches several people; the message lists them."""

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        self.ref = ref
        self.candidates = tuple(candidates)
        shown = ", ".join(self.candidates[:10])
        more = f" and {len(self.candidates) - 10} more" if len(self.candidates) > 10 else ""
        # An email two people share leaves only the #id (before, it was told to use an email, which it was).
        hint = "use #id" if "@" in ref else "use a fuller name, an email or #id"
        super().__init__(f"{ref!r} matches {len(self.candidates)} people: {shown}{more}; {hint}")


class SourceError(KithkinError):
    """A file being imported is malformed; says where."""

    def __init__(self, path: str, message: str, line: int | None = None, field: str | None = None) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        where = path
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field}"
        super().__init__(f"{where}: {message}")
