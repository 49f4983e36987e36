"""The registry of import formats: one list, each entry a typed Source, names as the CLI offers them."""

from __future__ import annotations

import datetime as dt
import importlib
import pathlib
import shutil

import pytest

from kithkin.errors import InputError
from kithkin.sources import registry
from kithkin.sources.records import Record
from kithkin.sources.source import ParseOptions, Source
from shared_data import sample

MODULES = (
    "kithkin.sources.vcard.reader",
    "kithkin.sources.icalendar.calendars",
    "kithkin.sources.twitter",
    "kithkin.sources.linkedin",
    "kithkin.sources.google",
    "kithkin.sources.directory",
)


@pytest.mark.parametrize("module", MODULES)
def test_each_format_module_exposes_its_source_in_the_registry(module: str) -> None:
    source: Source = importlib.import_module(module).SOURCE
    assert source in registry.SOURCES
    assert registry.by_name(source.name) is source


def test_names_are_unique_and_a_backup_is_offered_too() -> None:
    names = [source.name for source in registry.SOURCES]
    assert len(set(names)) == len(names)
    assert (*names, "json") == registry.FORMAT_NAMES


def test_an_unknown_name_says_which_exist() -> None:
    with pytest.raises(InputError, match="unknown format 'pdf'; use one of: vcard, ics"):
        registry.by_name("pdf")


def test_one_options_object_serves_every_parser(tmp_path: pathlib.Path) -> None:
    vcf = shutil.copy(sample("rfc6350-example.vcf"), tmp_path / "card.vcf")
    members = tmp_path / "members.csv"
    members.write_text("Full Name,E-mail\nDana Reyes,dana@example.org\n", encoding="utf-8")
    options = ParseOptions(until=dt.date(2026, 11, 20), community="Alumni")
    [card] = [i for i in registry.by_name("vcard").parse(pathlib.Path(vcf), options) if isinstance(i, Record)]
    [member] = [i for i in registry.by_name("directory").parse(members, options) if isinstance(i, Record)]
    assert card.name
    assert [m.name for m in member.memberships] == ["Alumni"]
