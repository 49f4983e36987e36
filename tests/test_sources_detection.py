"""Detection: a file's format from its content, and what a folder stands for."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from kithkin.errors import SourceError
from kithkin.sources.detection import detect_format, export_format, files_to_import
from shared_data import sample


def test_content_decides_not_the_extension(tmp_path: pathlib.Path) -> None:
    card = shutil.copy(sample("rfc6350-example.vcf"), tmp_path / "contacts.txt")
    assert detect_format(pathlib.Path(card)) == "vcard"
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot tell which format this is"):
        detect_format(tmp_path / "notes.txt")


def test_one_rule_says_which_folders_are_exports(tmp_path: pathlib.Path) -> None:
    linkedin, x, plain = tmp_path / "linkedin", tmp_path / "x" / "data", tmp_path / "plain"
    for folder in (linkedin, x, plain):
        folder.mkdir(parents=True)
    shutil.copy(sample("people__Connections.csv"), linkedin / "Connections.csv")
    (x / "following.js").write_text("window.YTD.following.part0 = []\n", encoding="utf-8")
    shutil.copy(sample("rfc6350-example.vcf"), plain / "a.vcf")
    assert [export_format(f) for f in (linkedin, tmp_path / "x", plain)] == ["linkedin", "twitter", None]
    assert detect_format(linkedin) == "linkedin"
    with pytest.raises(SourceError, match="neither a LinkedIn nor an X/Twitter export"):
        detect_format(plain)


def test_a_folder_stands_for_its_files_and_says_what_it_skipped(tmp_path: pathlib.Path) -> None:
    shutil.copy(sample("rfc6350-example.vcf"), tmp_path / "b.vcf")
    (tmp_path / "sub").mkdir()
    shutil.copy(sample("gmail-single.vcf"), tmp_path / "sub" / "a.vcf")
    (tmp_path / "README.txt").write_text("my phone's export\n", encoding="utf-8")
    found, skipped = files_to_import([tmp_path], None)
    assert [(f.format, f.name) for f in found] == [("vcard", "b.vcf"), ("vcard", "sub/a.vcf")]
    assert skipped[found[0].path] == ["skipped README.txt: not a format kithkin reads"]
