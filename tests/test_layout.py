"""Each dependency stays in its corner (STYLE.md habit 7), checked on the real import graph."""

from __future__ import annotations

import ast
import re
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
    "starlette": ("web/",),
    "jinja2": ("web/",),
    "itsdangerous": ("web/",),
    "argon2": ("web/",),
    "uvicorn": ("web/", "cli/serve.py", "cli/demo.py"),
    "sparse_dot_topn": ("network/heuristics.py",),
    "pyspark": ("spark/",),
    "pandas": ("spark/",),
    "pyarrow": ("sources/parquet.py",),
}
PURE = (
    "model.py",
    "identity.py",
    "dates.py",
    "text.py",
    "serialize.py",
    "errors.py",
    "common_ground.py",
    "roles.py",
    "followups.py",
    "resolution/__init__.py",
    "resolution/names.py",
    "resolution/knowledge.py",
    "resolution/resolver.py",
    "resolution/evidence.py",
)

# Pure libraries a pure module may use: libphonenumber's rules and fuzzy name matching.
PURE_EXTRAS = {
    "identity.py": frozenset({"phonenumbers", "rapidfuzz"}),
    "resolution/resolver.py": frozenset({"rapidfuzz"}),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "kithkin":  # from kithkin import services
                names |= {
                    f"kithkin.{a.name}"
                    for a in node.names
                    if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").exists()
                }
    return names


def _path_of(module: str) -> str:
    """kithkin.resolution.names -> resolution/names.py; kithkin.resolution -> resolution/__init__.py."""
    relative = module.removeprefix("kithkin.").replace(".", "/")
    return relative + ".py" if (PACKAGE / (relative + ".py")).exists() else relative + "/__init__.py"


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
            assert _path_of(name) in PURE, f"{module} imports {name}"
        else:
            allowed = sys.stdlib_module_names | PURE_EXTRAS.get(module, frozenset())
            assert top in allowed, f"{module} imports {name}, which is not the standard library"


def test_edges_do_not_speak_sql() -> None:
    for path in [*(PACKAGE / "cli").rglob("*.py"), *(PACKAGE / "web").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert ".db.execute" not in text, f"{path.name} runs SQL; call a service instead"


MAP = PACKAGE.parents[1] / "docs" / "README.md"
_ROW = re.compile(r"^\| `([^`]+)` \| (.+?) \| (.+?) \|$")


def _house() -> dict[str, set[str]]:
    """docs/README.md's map of the house: entry ("network/", "model.py") -> the entries it may import."""
    rows: dict[str, set[str]] = {}
    for line in MAP.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        entry, _, may = match.groups()
        allowed: set[str] = set()
        for word in re.split(r",\s*", may):
            name = word.split(" ")[0]
            if name == "—":
                continue
            if name == "every":  # "every part above except the edges"
                allowed |= set(rows)
            else:
                allowed.add(name.rstrip("/"))
        rows[entry.rstrip("/")] = allowed
    return rows


def _entry(name: str) -> str:
    """The map's entry for a kithkin module name: its top folder, or its file without .py."""
    return name.split(".")[1] if name.count(".") else ""


def test_the_map_of_the_house_lists_every_folder_and_module() -> None:
    house = _house()
    present = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if p.name not in ("__pycache__", "py.typed")}
    listed = {e.removesuffix(".py") for e in house}
    assert present - listed == set(), "add these to the map in docs/README.md"
    assert listed - present == set(), "the map in docs/README.md lists what is not there"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_map_of_the_house(path: Path) -> None:
    house = {k.removesuffix(".py"): {v.removesuffix(".py") for v in vs} for k, vs in _house().items()}
    where = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    for name in _imports(path):
        if not name.startswith("kithkin.") and name != "kithkin":
            continue
        target = _entry(name)
        if target in ("", where):
            continue
        assert target in house[where], (
            f"{path.relative_to(PACKAGE)} imports {name}; the map lets {where} import {sorted(house[where])}"
        )


def test_services_do_not_speak_sql() -> None:
    for path in (PACKAGE / "services").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".db." not in text, f"{path.name} speaks SQL; give the store a method instead"
        assert "PRAGMA" not in text, f"{path.name} runs a PRAGMA; give the store a method instead"
