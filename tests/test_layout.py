"""Each dependency stays in its corner (STYLE.md habit 7), checked on the real import graph."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kithkin"

# module prefix -> where it may be imported (paths relative to the package)
ALLOWED = {
    "sqlite3": ("store/",),
    "rich": ("cli/render.py",),
    "typer": ("cli/",),
    "platformdirs": ("cli/",),
    "fastapi": ("web/",),
    "sparse_dot_topn": ("network/heuristics.py",),
}
PURE = (
    "model.py",
    "identity.py",
    "dates.py",
    "text.py",
    "serialize.py",
    "errors.py",
    "common_ground.py",
    "followups.py",
)

# Pure libraries a pure module may use: libphonenumber's rules and fuzzy name matching.
PURE_EXTRAS = {"identity.py": frozenset({"phonenumbers", "rapidfuzz"})}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_stay_in_their_corner(path: Path) -> None:
    where = path.relative_to(PACKAGE).as_posix()
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ALLOWED:
            assert where.startswith(ALLOWED[top]), f"{where} imports {name}; only {ALLOWED[top]} may"


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_only_the_standard_library_and_each_other(module: str) -> None:
    for name in _imports(PACKAGE / module):
        top = name.split(".")[0]
        if top == "kithkin":
            assert name.removeprefix("kithkin.") + ".py" in PURE, f"{module} imports {name}"
        else:
            allowed = sys.stdlib_module_names | PURE_EXTRAS.get(module, frozenset())
            assert top in allowed, f"{module} imports {name}, which is not the standard library"


def test_edges_do_not_speak_sql() -> None:
    for path in (PACKAGE / "cli").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".db.execute" not in text, f"{path.name} runs SQL; call a service instead"
