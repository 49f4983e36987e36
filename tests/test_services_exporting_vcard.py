"""Issue 14: a vCard export says what kithkin knows — the current employer (dated or not) as ORG/TITLE and
never a past one, addresses as ADR, BDAY, ties as RELATED — and importing it back loses nothing a vCard
can carry."""

from __future__ import annotations

import io
import pathlib

from typer.testing import CliRunner

from kithkin.cli import app
from kithkin.model import GroupKind
from kithkin.services.exporting import export
from kithkin.store import Store

runner = CliRunner()


def kithkin(db: pathlib.Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"KITHKIN_TODAY": "2026-12-05"})
    assert result.exit_code == 0, f"{args}\n{result.output}"
    return result.output


def cards(db: pathlib.Path) -> str:
    out = io.StringIO()
    with Store.open(db) as store:
        export(store, "vcard", out)
    return out.getvalue()


def card_of(text: str, name: str) -> str:
    return next(c for c in text.split("BEGIN:VCARD") if f"FN:{name}\r\n" in c)


def test_the_current_employer_is_the_one_without_an_end_never_a_past_one(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    kithkin(db, "person", "add", "Dana Reyes")
    kithkin(db, "affiliate", "Dana Reyes", "employer", "Acme", "--role", "Engineer", "--from", "2010", "--to", "2015")
    kithkin(db, "affiliate", "Dana Reyes", "employer", "Nestwise", "--role", "CTO", "--from", "2016")
    kithkin(db, "person", "add", "Bo Chen")
    kithkin(db, "affiliate", "Bo Chen", "employer", "Acme", "--role", "Analyst", "--from", "2001", "--to", "2004")
    text = cards(db)
    dana = card_of(text, "Dana Reyes")
    assert "ORG;X-KITHKIN-DATED=TRUE:Nestwise\r\n" in dana  # dated, and still held: the current employer
    assert "TITLE:CTO\r\n" in dana
    assert "ORG:Acme" not in dana
    assert "ORG;X-KITHKIN-DATED=TRUE:Acme" not in dana
    bo = card_of(text, "Bo Chen")
    assert "\r\nORG" not in bo  # his only job ended: no current employer
    assert "TITLE:" not in bo


def test_export_then_import_loses_nothing_a_vcard_carries(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "k.sqlite"
    source = tmp_path / "in.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nBDAY:1980-04-15\r\n"
        "ADR;TYPE=home:;Flat 2;1 Main St;Albany;NY;12207;USA\r\nORG:Qualcomm\r\nTITLE:Engineer\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    kithkin(db, "import", str(source))
    kithkin(db, "person", "add", "Bo Chen")
    kithkin(db, "affiliate", "Bo Chen", "employer", "Nestwise", "--role", "CTO", "--from", "2016")
    kithkin(db, "affiliate", "Bo Chen", "school", "SDSU", "--role", "Marketing", "--from", "1998", "--to", "2002")
    kithkin(db, "tie", "Ana Lima", "Bo Chen", "--how", "colleagues")
    text = cards(db)
    ana = card_of(text, "Ana Lima")
    assert "BDAY:19800415\r\n" in ana
    assert "ADR;TYPE=home:;Flat 2;1 Main St;Albany;NY;12207;USA\r\n" in ana
    assert "ORG:Qualcomm\r\nTITLE:Engineer\r\n" in ana
    with Store.open(db) as store:
        bo_id = next(p.id for p in store.list_people() if p.name == "Bo Chen")
    assert f"RELATED:kithkin:{bo_id}\r\n" in ana

    exported = tmp_path / "everyone.vcf"
    exported.write_text(text, encoding="utf-8")
    copy = tmp_path / "copy.sqlite"
    kithkin(copy, "import", str(exported))

    def everything(path: pathlib.Path) -> dict[str, object]:
        with Store.open(path) as store:
            people = {p.id: p for p in store.list_people()}
            return {
                p.name: (
                    sorted(p.emails),
                    store.birthdays([p.id or 0]).get(p.id or 0, ""),
                    store.addresses_of(p.id or 0),
                    sorted(
                        (a.group.kind.value, a.group.name, a.role, str(a.start), str(a.end))
                        for a in store.affiliations_of(p.id or 0)
                    ),
                    sorted(people[t.other(p.id or 0)].name for t in store.ties_of(p.id or 0)),
                )
                for p in people.values()
            }

    assert everything(copy) == everything(db)
    with Store.open(copy) as store:
        bo = next(p for p in store.list_people() if p.name == "Bo Chen")
        jobs = [a for a in store.affiliations_of(bo.id or 0) if a.group.kind is GroupKind.EMPLOYER]
        assert [(a.group.name, a.role, str(a.start), a.end) for a in jobs] == [("Nestwise", "CTO", "2016", None)]


def test_importing_the_export_back_into_the_same_store_doubles_no_row_of_find_or_the_exports(
    tmp_path: pathlib.Path,
) -> None:
    """Re-importing kithkin's own vCard export gave every fact a second row (from the export's file): Find said
    "IBM (Researcher, 2008–now); IBM (Researcher, 2008–now)" and the CSV export listed each employer twice."""
    db = tmp_path / "k.sqlite"
    kithkin(db, "person", "add", "Dana Reyes", "--email", "dana@example.com")
    kithkin(db, "affiliate", "Dana Reyes", "employer", "IBM", "--role", "Researcher", "--from", "2008")
    exported = tmp_path / "everyone.vcf"
    exported.write_text(cards(db), encoding="utf-8")
    kithkin(db, "import", str(exported))
    with Store.open(db) as store:
        [dana] = store.list_people()
        assert len(store.affiliations_of(dana.id or 0)) == 2  # the fact from each source, kept as provenance
    found = kithkin(db, "find", "--employer", "IBM")
    assert found.count("Researcher") == 1, found
    out = io.StringIO()
    with Store.open(db) as store:
        export(store, "csv", out)
    assert out.getvalue().count("IBM") == 1, out.getvalue()
    assert card_of(cards(db), "Dana Reyes").count("X-KITHKIN-AFFILIATION:employer;IBM") == 1
