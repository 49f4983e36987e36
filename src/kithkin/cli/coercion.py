"""Text and path parameters without pydantic: a third of a read command's start-up (issue 14).

Typer 0.29 turns every value given on the command line into its Python type through a pydantic
``TypeAdapter``, so every command imports pydantic — about 0.1 s of CPU, when ``kithkin person show``
has 0.3 s in all. Nearly all of kithkin's parameters are text, paths, flags or counts, for which typer's
own adapters do no more than ``str(value)``, ``typer._param_types.coerce_cli_path``, keep a bool and read
plain digits as an int:
:func:`install` has those done directly, exactly as typer does them; every other type (numbers, choices,
lists, dates) and every other value still goes through typer's pydantic path, so its checks and messages
are typer's own. If typer's internals move (another minor version), :func:`install` leaves typer as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:  # typer's private parts: pinned to typer 0.29 in pyproject.toml, checked by tests/test_cli_startup.py
    from typer import _coercion, core
    from typer._param_types import coerce_cli_path, lenient_issubclass
except ImportError:  # pragma: no cover - another typer: keep its own coercion
    _coercion = None  # type: ignore[assignment]


def install() -> bool:
    """Route text and path parameters past pydantic; returns whether it could (``False``: typer unchanged)."""
    if _coercion is None or not hasattr(core, "build_runtime_param"):
        return False
    if core.build_runtime_param is not build_runtime_param:
        _typers_own.append(core.build_runtime_param)
        core.build_runtime_param = build_runtime_param
    return True


_typers_own: list[Any] = []


def build_runtime_param(descriptor: Any) -> Any:
    """Typer's ``build_runtime_param``, but a plain ``str``, ``Path``, ``bool`` or ``int`` parameter coerces
    without pydantic."""
    info = descriptor.parameter_info
    plain = descriptor.file_annotation is None and info.parser is None
    kind = descriptor.annotation
    if plain and (kind in (str, bool, int) or lenient_issubclass(kind, Path)):
        return _Plain(info, descriptor.annotation, descriptor)
    return _typers_own[0](descriptor)


if _coercion is not None:

    @dataclass(frozen=True)
    class _Plain(_coercion.RuntimeParam):
        """A text or path value given as a string, a flag given as a bool, a whole number given as an int or
        as plain digits within the parameter's bounds, coerced as typer's adapters coerce it
        (``_parse_cli_str``, ``_build_path_adapter``, the rest as they are); anything else (a number out of
        bounds, ``-3``, ``1e3``…) goes to typer's own coercion, with its checks and messages."""

        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.annotation is bool and isinstance(value, bool):
                return value
            if self.annotation is int:
                number = _plain_int(value)
                info = self.parameter_info
                if (
                    number is not None
                    and (info.min is None or number >= info.min)
                    and (info.max is None or number <= info.max)
                ):
                    return number
            if self.annotation in (bool, int) or not isinstance(value, str):
                return _typers_own[0](self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            if self.annotation is str:
                return value
            path_type = self.parameter_info.path_type or self.annotation
            if path_type is not Path or not value:
                return _typers_own[0](self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            # pydantic's Path from a non-empty str is Path(value); typer then checks it (exists, dir_okay…).
            return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)


def _plain_int(value: Any) -> int | None:
    """An int, or a string of 1 to 18 ASCII digits as the int pydantic makes of it; None for anything else.

    >>> _plain_int(7), _plain_int("0042"), _plain_int("-3"), _plain_int(" 7"), _plain_int(True)
    (7, 42, None, None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
        return int(value)
    return None
