"""vCard import and export: real exports from phones and mail clients, hostile files, and the round trip."""

from __future__ import annotations

import itertools
import pathlib
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.errors import SourceError
from kithkin.identity import name_key
from kithkin.model import Address, Contact, ContactKind, FuzzyDate, GroupKind
from kithkin.sources import reading
from kithkin.sources.records import Membership, Notice, Record
from kithkin.sources.vcard import reader, writer
from kithkin.sources.vcard.lines import text_blocks
from kithkin.sources.vcard.writer import fold
from shared_data import FORMATS, no_hang, sample

SAMPLES = sorted((FORMATS / "vcard").rglob("*.vcf"), key=lambda p: p.name)

E, P, H, U = ContactKind.EMAIL, ContactKind.PHONE, ContactKind.HANDLE, ContactKind.URL


def records(path: pathlib.Path) -> list[Record]:
    return [item for item in reader.parse(path) if isinstance(item, Record)]


def notices(path: pathlib.Path) -> list[str]:
    return [item.message for item in reader.parse(path) if isinstance(item, Notice)]


def only(path: pathlib.Path) -> Record:
    (record,) = records(path)
    return record


def values(record: Record, kind: ContactKind) -> list[str]:
    return [c.value for c in record.contacts if c.kind is kind]


def write_file(tmp_path: pathlib.Path, text: str | bytes, name: str = "x.vcf") -> pathlib.Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def employer(name: str, role: str = "") -> Membership:
    return Membership(GroupKind.EMPLOYER, name, role)


def place(name: str) -> Membership:
    return Membership(GroupKind.PLACE, name)


# --- real samples -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_real_sample_parses_and_sniffs(path: pathlib.Path) -> None:
    assert reader.sniff(path.read_text(encoding="utf-8", errors="replace")[:65536], path.name)
    found = records(path)
    assert found
    assert all(r.name and r.key for r in found)
    assert len({r.key for r in found}) == len(found)


def test_gmail_list_has_three_people_keyed_by_email() -> None:
    found = records(sample("gmail-list.vcf"))
    assert [(r.name, r.key, r.line) for r in found] == [
        ("Arnold Smith", "asmithk@gmail.com", 1),
        ("Chris Beatle", "chrisy55d@yahoo.com", 7),
        ("Doug White", "dwhite@gmail.com", 13),
    ]


def test_evolution_3_0_with_folding_escapes_and_uid() -> None:
    r = only(sample("John_Doe_EVOLUTION.vcf"))
    assert r.key == "477343c8e6bf375a9bac1f96a5000837"
    assert r.name == "Mr. John Richter, James Doe Sr."
    assert r.aliases == ("John Doe", "Johny")
    assert Contact(E, "john.doe@ibm.com", "work") in r.contacts
    assert values(r, P) == ["905-666-1234", "905-555-1234"]  # both folded mid-number
    assert Contact(H, "johnny5@aol.com", "aim") in r.contacts
    assert r.memberships == (employer("IBM", "Money Counter (Accounting, Dungeon)"), place("Albaney"))
    assert r.birthday == "1980-03-22"
    assert r.tags == ("VIP",)
    assert r.notes.startswith('THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND')
    assert "SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS" in r.notes


def test_iphone_groups_labels_and_cr_cr_lf_endings() -> None:
    r = only(sample("John_Doe_IPHONE.vcf"))
    assert r.name == "Mr. John Richter James Doe Sr."
    assert values(r, E) == ["john.doe@ibm.com"]
    assert Contact(P, "905-555-1234", "cell") in r.contacts
    assert Contact(P, "905-888-1234", "home,fax") in r.contacts
    assert Contact(P, "905-222-1234", "AssistantPhone") in r.contacts  # item2.X-ABLabel:_$!<AssistantPhone>!$_
    assert Contact(U, "http://www.ibm.com", "HomePage") in r.contacts
    assert r.memberships == (employer("IBM", "Money Counter (Accounting)"), place("New York"))
    assert r.birthday == "2012-06-06"
    assert "photos, logos, sounds and keys not imported (1)" in notices(sample("John_Doe_IPHONE.vcf"))


def test_outlook_2_1_basic_birthday_quoted_printable_note_and_role() -> None:
    r = only(sample("outlook-2003.vcf"))
    assert r.name == "John Doe III"
    assert r.aliases == ("John Doe", "Joey")
    assert r.memberships[0] == employer("Company, The", "The Job Title (TheDepartment)")
    assert r.memberships[1] == place("Austin")
    assert r.birthday == "1980-03-21"
    assert r.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert values(r, E) == ["jdoe@hotmail.com"]
    assert Contact(P, "BusinessFaxPhone", "work,fax") in r.contacts


def test_ms_outlook_title_wins_over_role_and_im_address_is_a_handle() -> None:
    r = only(sample("John_Doe_MS_OUTLOOK.vcf"))
    assert r.memberships == (employer("IBM", "Money Counter (Accounting)"), place("Albaney"), place("New York"))
    assert r.birthday == "1980-03-22"
    assert Contact(H, "johny5@aol.com", "im") in r.contacts
    assert values(r, P) == ["(905) 555-1234", "(905) 666-1234"]


def test_android_quoted_printable_utf8_with_soft_breaks_and_blank_line() -> None:
    found = records(sample("John_Doe_ANDROID.vcf"))
    assert [r.name for r in found] == [
        "john.doe@company.com",  # no name: the email stands in
        "jane.doe@company.com",
        "Ñ Ñ Ñ Ñ Ñ",
        "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",  # soft line break inside the value
        "Ñ Ñ Ñ Ñ",
        "ÑÑÑÑ",
    ]
    assert found[4].memberships == (employer("Ñ" * 12),)  # two identical ORGs, kept once
    assert values(found[4], E) == ["bob@company.com", "Ñ" * 14]
    assert found[5].memberships[0] == employer("Ñ" * 44)  # value ended by a blank line after a soft break


def test_rfc6350_example_4_0() -> None:
    r = only(sample("rfc6350-example.vcf"))
    assert r.name == "Simon Perreault"
    assert r.birthday == "--02-03"
    assert values(r, P) == ["+1-418-656-9254;ext=102", "+1-418-262-6501"]  # tel: URIs unwrapped
    assert Contact(E, "simon.perreault@viagenie.ca", "work") in r.contacts
    assert r.memberships == (employer("Viagenie"), place("Quebec"))  # ADR folded after a ';'
    assert any(m.startswith("GEO not imported") for m in notices(sample("rfc6350-example.vcf")))


def test_rfc2426_lower_case_begin_and_folded_addresses() -> None:
    frank, tim = records(sample("rfc2426-example.vcf"))
    assert (frank.name, tim.name) == ("Frank Dawson", "Tim Howes")
    assert frank.memberships == (employer("Lotus Development Corporation"), place("Raleigh"))
    assert tim.memberships == (employer("Netscape Communications Corp."), place("Mountain View"))
    assert values(frank, E) == ["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"]


def test_fullcontact_4_0_impp_pairs_and_two_employers() -> None:
    r = only(sample("fullcontact.vcf"))
    assert r.name == "Prefix FirstName MiddleName LastName Suffix"
    assert r.memberships[:2] == (
        employer("Organization1", "Title1 (Department1)"),
        employer("Organization2", "Title2 (Department2)"),
    )
    assert r.birthday == "2016-08-01"
    assert Contact(H, "skype", "skype") in r.contacts
    assert Contact(H, "gtalk", "gtalk") in r.contacts
    assert r.aliases == ("FirstName LastName", "NickName")
    assert r.tags == ("Tag",)


def test_gmail_single_labels_and_escaped_colons() -> None:
    r = only(sample("gmail-single.vcf"))
    assert Contact(U, "http://TheProfile.com", "PROFILE") in r.contacts
    assert Contact(P, "555 555 2222", "GRAND_CENTRAL") in r.contacts
    assert Contact(H, "123456789", "icq") in r.contacts
    assert r.memberships == (place("Custom City"), employer("TheCompany", "TheJobTitle"))
    assert r.birthday == "1960-09-10"


def test_thunderbird_escaped_commas_keep_one_category_and_lotus_uid() -> None:
    r = only(sample("thunderbird-MoreFunctionsForAddressBook-extension.vcf"))
    assert r.tags == ("category1, category2, category3",)
    assert r.memberships == (
        employer("TheOrganization", "TheTitle (TheDepartment)"),
        place("New York"),
        place("Austin"),
    )
    lotus = only(sample("John_Doe_LOTUS_NOTES.vcf"))
    assert lotus.key == "0e7602cc-443e-4b82-b4b1-90f62f99a199"
    assert lotus.memberships[0] == employer("IBM", "Generic Accountant (SUN)")


def test_unknown_properties_are_aggregated_notices() -> None:
    found = notices(sample("gmail-single2.vcf"))
    assert "X-ABRELATEDNAMES not imported (16)" in found
    assert "X-ABDATE not imported (3)" in found
    assert len(found) == len(set(found))


# --- made-up cards ----------------------------------------------------------------------------------------------


def test_charsets_other_than_utf8(tmp_path: pathlib.Path) -> None:
    text = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Zo\xeb M\xfcller\r\n"
        b"NOTE;CHARSET=Shift_JIS:" + "日本語のメモ".encode("shift_jis") + b"\r\n"
        b"TITLE;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:Caf=E9 =80 owner\r\n"
        b"ORG:Caf\xe9\r\nEND:VCARD\r\n"
    )
    r = only(write_file(tmp_path, text))
    assert r.name == "Zoë Müller"
    assert r.notes == "日本語のメモ"
    assert r.memberships == (employer("Café", "Café € owner"),)


def test_base64_text_and_urls_become_handles(tmp_path: pathlib.Path) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nNOTE;ENCODING=b:SGVsbG8sIHdvcmxk\r\n"
        "URL:https://twitter.com/danar\r\nURL:https://www.linkedin.com/in/dana-reyes/\r\n"
        "X-SOCIALPROFILE;type=twitter;x-user=danar2:http://twitter.com/danar2\r\n"
        "X-TWITTER:@dr\r\nX-LINKEDIN:https://linkedin.com/in/dr\r\nEND:VCARD\r\n"
    )
    r = only(write_file(tmp_path, text))
    assert r.notes == "Hello, world"
    assert r.contacts == (
        Contact(H, "danar", "twitter"),
        Contact(U, "https://www.linkedin.com/in/dana-reyes/"),
        Contact(H, "danar2", "twitter"),
        Contact(H, "@dr", "twitter"),
        Contact(U, "https://linkedin.com/in/dr", "linkedin"),
    )


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("1980-04-15", "1980-04-15"),
        ("19800415", "1980-04-15"),
        ("1980-04-15T00:00:00Z", "1980-04-15"),
        ("--0415", "--04-15"),
        ("--04-15", "--04-15"),
        ("1980", "1980"),
        ("--0229", "--02-29"),
    ],
)
def test_birthday_forms(tmp_path: pathlib.Path, bday: str, expected: str) -> None:
    r = only(write_file(tmp_path, f"BEGIN:VCARD\nVERSION:4.0\nFN:A\nBDAY:{bday}\nEND:VCARD\n"))
    assert r.birthday == expected


def test_unreadable_birthday_is_a_notice_not_an_error(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:4.0\nFN:A\nBDAY;VALUE=text:circa 1800\nEND:VCARD\n")
    assert only(path).birthday == ""
    # the field (and the line, in the notice), and unreadable: --strict fails on it (a count named neither)
    (notice,) = [item for item in reader.parse(path) if isinstance(item, Notice)]
    assert (notice.message, notice.line, notice.unreadable) == ("BDAY: 'circa 1800' is not a date", 4, True)


def test_fallback_names_keys_and_duplicates(tmp_path: pathlib.Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nORG:Globex;Sales\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing to call them by\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Reyes;Dana;;Dr.;\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dana  Reyes\nEND:VCARD\n"
    )
    path = write_file(tmp_path, text)
    found = records(path)
    assert [(r.name, r.key) for r in found] == [
        ("Globex", "name:globex"),
        ("Dr. Dana Reyes", "name:dr dana reyes"),
        ("Dana Reyes", "name:dana reyes"),
    ]
    assert found[1].aliases == ("Dana Reyes",)
    assert "cards with no name, email or organisation skipped (1)" in notices(path)
    assert "cards with no name, named by their organisation (1)" in notices(path)  # before: said nothing
    mailed = write_file(tmp_path, "BEGIN:VCARD\nEMAIL:dana@x.org\nEND:VCARD\n", "mailed.vcf")
    assert [r.name for r in records(mailed)] == ["dana@x.org"]
    assert notices(mailed) == ["cards with no name, named by their email address (1)"]
    twice = write_file(tmp_path, "BEGIN:VCARD\nFN:Al\nEND:VCARD\nBEGIN:VCARD\nFN:Al\nEND:VCARD\n", "two.vcf")
    assert [r.key for r in records(twice)] == ["name:al", "name:al#2"]


def test_nested_agent_card_is_skipped(tmp_path: pathlib.Path) -> None:
    text = "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nFN:Assistant\nEND:VCARD\nEMAIL:b@x.org\nEND:VCARD\n"
    path = write_file(tmp_path, text)
    assert [(r.name, values(r, E)) for r in records(path)] == [("Boss", ["b@x.org"])]
    assert "embedded cards (AGENT) not imported (1)" in notices(path)


def test_2_1_folding_keeps_the_space_3_0_drops_it(tmp_path: pathlib.Path) -> None:
    v21 = write_file(tmp_path, "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Dana\r\n Reyes\r\nEND:VCARD\r\n", "a.vcf")
    v30 = write_file(tmp_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana\r\n  Reyes\r\nEND:VCARD\r\n", "b.vcf")
    assert only(v21).name == "Dana Reyes"
    assert only(v30).name == "Dana Reyes"


def test_a_2_1_card_sets_2_1_folding_for_the_cards_after_it_until_a_version_line(tmp_path: pathlib.Path) -> None:
    v21 = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nEND:VCARD\r\n"
    folded = "BEGIN:VCARD\r\n{version}FN:Dana\r\n Reyes\r\nEND:VCARD\r\n"
    path = write_file(tmp_path, v21 + folded.format(version="") + folded.format(version="VERSION:3.0\r\n"))
    assert [r.name for r in records(path)] == ["A", "Dana Reyes", "DanaReyes"]


# --- the fast path and the careful path -------------------------------------------------------------------------


def careful(text: str) -> str:
    """``text`` with a quoted-printable line in every card, which sends each card down the careful path."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    out = []
    for line, end in zip(parts[::2], [*parts[1::2], ""], strict=True):
        out.append(line + end)
        if line.upper().rstrip() == "BEGIN:VCARD":
            out.append("X-CAREFUL;ENCODING=QUOTED-PRINTABLE:x" + (end or "\n"))
    return "".join(out)


def items_alike(path: pathlib.Path) -> tuple[list[Record], list[str]]:
    items = list(reader.parse(path))
    found = [replace(item, line=0) for item in items if isinstance(item, Record)]
    return found, [i.message for i in items if isinstance(i, Notice) and not i.message.startswith("X-CAREFUL")]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_real_sample_reads_the_same_through_both_paths(tmp_path: pathlib.Path, path: pathlib.Path) -> None:
    text = path.read_bytes().decode("latin-1")
    forced = tmp_path / path.name
    forced.write_bytes(careful(text).encode("latin-1"))
    assert items_alike(forced) == items_alike(path)


def bench_card(i: int) -> str:
    """A phone-export-like 3.0 card: TYPE parameters, an Apple group and label, escapes, a folded note."""
    note = fold("NOTE:" + f"Met at meetup {i}\\; talked about sailing\\, climbing and Zoë's new job. " * 2)
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{i}-u\r\nFN:Zoë {i}\r\nN:{i};Zoë;;;\r\n"
        f"EMAIL;TYPE=INTERNET;TYPE=HOME:z{i}@example.org\r\nTEL;TYPE=CELL:+1 619 555 {i % 10000:04d}\r\n"
        f"item1.TEL:+44 20 7946 {i:04d}\r\nitem1.X-ABLabel:_$!<Office>!$_\r\nORG:Acme\\, Inc.;R&D\r\n"
        f"TITLE:Engineer\r\nADR;TYPE=HOME:;;{i} Main St;Kyoto;;;\r\nBDAY:19{i % 100:02d}0{1 + i % 9}15\r\n"
        f"{note}\r\nCATEGORIES:friends,climbing\r\nEND:VCARD\r\n"
    )


def test_a_file_of_several_blocks_reads_the_same_through_both_paths(tmp_path: pathlib.Path) -> None:
    cards = "".join(bench_card(i) for i in range(4500))
    text = cards + "BEGIN:VCARD\r\nFN:Last\r\nEND:VCARD"  # and no line break at the end
    assert len(text) > 2 * reading.MAX_LINE  # three blocks: cards straddle two boundaries
    fast = write_file(tmp_path, text, "fast.vcf")
    slow = write_file(tmp_path, careful(text), "slow.vcf")
    found = items_alike(fast)
    assert found == items_alike(slow)
    assert len(found[0]) == 4501
    assert found[0][1234].name == "Zoë 1234"
    assert found[0][1234].contacts[2] == Contact(P, "+44 20 7946 1234", "Office")
    starts = [number for number, line in enumerate(text.split("\r\n"), 1) if line == "BEGIN:VCARD"]
    assert [r.line for r in records(fast)] == starts


@pytest.mark.parametrize("end", ["\n", "\r", "\r\r\n"])
def test_line_endings_do_not_change_the_records(tmp_path: pathlib.Path, end: str) -> None:
    text = "".join(bench_card(i) for i in range(30)) + (sample("John_Doe_EVOLUTION.vcf")).read_text(encoding="utf-8")
    plain = write_file(tmp_path, text.replace("\r\n", "\n"), "lf.vcf")
    other = write_file(tmp_path, text.replace("\r\n", end), "other.vcf")
    assert items_alike(other) == items_alike(plain)


@pytest.mark.parametrize("piece", [1, 2, 3, 7])
def test_text_blocks_end_at_whole_lines_and_never_split_crlf(tmp_path: pathlib.Path, piece: int) -> None:
    text = "BEGIN:VCARD\r\nFN:A\rNOTE:b\r\r\nX:\n\nEND:VCARD"
    pieces = [block for block, trouble in text_blocks(write_file(tmp_path, text), "utf-8", piece) if not trouble]
    assert "".join(pieces) == text
    assert all(block[-1] in "\r\n" for block in pieces[:-1])
    assert not any(a.endswith("\r") and b.startswith("\n") for a, b in itertools.pairwise(pieces))


def test_errors_after_the_first_block_have_exact_line_numbers(tmp_path: pathlib.Path) -> None:
    cards = "".join(bench_card(i) for i in range(2000))  # 1.2 MB: the next lines are in the second block
    lines = cards.count("\r\n")
    nul = write_file(tmp_path, cards + "BEGIN:VCARD\r\nFN:A\r\nNOTE:\x00\r\nEND:VCARD\r\n", "nul.vcf")
    expect_error(nul, line=lines + 3, field=None, says="binary data")
    long = write_file(tmp_path, cards + "BEGIN:VCARD\r\nNOTE:" + "x" * reading.MAX_LINE + "\r\nEND:VCARD\r\n", "l.vcf")
    expect_error(long, line=lines + 2, field=None, says="line longer than")
    colon = write_file(tmp_path, cards + "BEGIN:VCARD\r\nFN:A\r\nEMAIL\r\nEND:VCARD\r\n", "colon.vcf")
    expect_skipped(colon, line=lines + 3, field="EMAIL", says="needs a ':'")


# --- malformed and hostile files --------------------------------------------------------------------------------


def expect_error(path: pathlib.Path, *, line: int | None, field: str | None, says: str) -> SourceError:
    with no_hang(), pytest.raises(SourceError) as caught:
        list(reader.parse(path))
    assert caught.value.path == str(path)
    assert (caught.value.line, caught.value.field) == (line, field)
    assert says in str(caught.value)
    return caught.value


def expect_skipped(path: pathlib.Path, *, line: int, field: str, says: str) -> list[Record]:
    """The file reads, and says which line it skipped and why: one bad property never refuses the file."""
    with no_hang():
        items = list(reader.parse(path))
    skipped = [i for i in items if isinstance(i, Notice) and i.unreadable]
    assert skipped, items
    assert skipped[0].line == line
    assert skipped[0].message.startswith(f"{field}: ")
    assert says in skipped[0].message
    return [i for i in items if isinstance(i, Record)]


def test_missing_end_keeps_what_the_card_had(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n")
    assert [r.name for r in expect_skipped(path, line=5, field="END", says="never closed")] == ["A", "B"]


def test_line_without_colon_skips_the_property_and_keeps_the_card(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL;TYPE=work\nEMAIL:a@x.org\nEND:VCARD\n")
    (card,) = expect_skipped(path, line=4, field="EMAIL", says="needs a ':'")
    assert (card.name, values(card, E)) == ("A", ["a@x.org"])


def test_evolution_property_without_colon_keeps_the_rest_of_the_file(tmp_path: pathlib.Path) -> None:
    """Issue 16: an Evolution card with a property line that lacks its colon refused the whole file."""
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Dee\r\nX-EVOLUTION-BROKEN\r\nEMAIL:cy@x.org\r\nEND:VCARD\r\n"
    path = write_file(tmp_path, text + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Di Eff\r\nEND:VCARD\r\n")
    found = expect_skipped(path, line=4, field="X-EVOLUTION-BROKEN", says="needs a ':'")
    assert [(r.name, values(r, E)) for r in found] == [("Cy Dee", ["cy@x.org"]), ("Di Eff", [])]


def test_thunderbird_bare_carriage_return_inside_a_value(tmp_path: pathlib.Path) -> None:
    """Issue 16: Thunderbird writes a note's line break as a bare CR inside a CRLF file."""
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Bee\r\nNOTE:line one\rline two\r\nEMAIL:ann@x.org\r\nEND:VCARD\r\n"
    card = only(write_file(tmp_path, text))
    assert (card.name, card.notes, values(card, E)) == ("Ann Bee", "line one\nline two", ["ann@x.org"])


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"])
def test_mac_address_book_utf16_without_bom(tmp_path: pathlib.Path, encoding: str) -> None:
    """Issue 16: a Mac Address Book export in UTF-16 (big-endian, no BOM) was refused as "a binary file"."""
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ray\r\nEMAIL:zoe@x.org\r\nEND:VCARD\r\n"
    path = write_file(tmp_path, text.encode(encoding))
    assert reading.detect_encoding(path.read_bytes()) == encoding
    assert reader.sniff(reading.head(path), path.name)
    card = only(path)
    assert (card.name, values(card, E)) == ("Zoë Ray", ["zoe@x.org"])


def test_undecodable_quoted_printable(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Zo=ZZ\nEND:VCARD\n")
    expect_skipped(path, line=3, field="FN", says="quoted-printable '=ZZ'")


def test_not_a_vcard(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "Name,Email\nDana,d@x.org\n", "contacts.vcf")
    assert not reader.sniff(path.read_text(), path.name)
    expect_error(path, line=1, field="NAME,EMAIL", says="not a vCard file")


def test_binary_junk(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 100)
    expect_error(path, line=None, field=None, says="binary")


def test_two_megabyte_line(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nNOTE:" + "x" * 2_000_000 + "\nEND:VCARD\n")
    expect_error(path, line=3, field=None, says="line longer than")


def test_ten_thousand_deep_folding(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\nNOTE:x\n" + " y\n" * 10_000 + "END:VCARD\n")
    expect_error(path, line=4, field="NOTE", says="folded over more than 1,000 lines")


def test_deeply_folded_photo_is_skipped_not_held(tmp_path: pathlib.Path) -> None:
    path = write_file(
        tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\nPHOTO;ENCODING=b:AAAA\n" + " AAAA\n" * 20_000 + "END:VCARD\n"
    )
    assert only(path).name == "A"


def test_too_many_properties(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nFN:A\n" + "EMAIL:a@x.org\n" * 10_001 + "END:VCARD\n")
    expect_skipped(path, line=1, field="EMAIL", says="more than 10,000 properties")


def test_photo_folded_before_its_colon_is_an_error_as_line_by_line(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\nPHOTO;ENC\n ODING=b:AAAA\nEND:VCARD\n")
    expect_skipped(path, line=4, field="PHOTO", says="needs a ':'")  # only a photo's first line is kept


def test_affiliation_date_of_four_parts(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\nFN:A\nX-KITHKIN-AFFILIATION:school;SDSU;;1998-1-2-3;;\nEND:VCARD\n")
    expect_skipped(path, line=3, field="X-KITHKIN-AFFILIATION", says="unreadable affiliation")


def test_deep_nesting(tmp_path: pathlib.Path) -> None:
    path = write_file(tmp_path, "BEGIN:VCARD\n" * 20 + "END:VCARD\n" * 20)
    expect_error(path, line=12, field="BEGIN", says="nested")


# --- writing ----------------------------------------------------------------------------------------------------


def test_written_lines_are_crlf_folded_at_75_octets_without_splitting_characters() -> None:
    record = Record("k", "Zoë " * 40, notes="日本語" * 50)
    text = writer.write([record]).__next__()
    assert text.endswith("END:VCARD\r\n")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert sum(line.startswith(" ") for line in physical) >= 5
    assert fold("NOTE:" + "é" * 100).replace("\r\n ", "") == "NOTE:" + "é" * 100


def test_write_then_parse_keeps_a_full_record(tmp_path: pathlib.Path) -> None:
    record = Record(
        key="kithkin:7",
        name="Dana Reyes",
        aliases=("Dee", "Dana R. Ortiz"),
        contacts=(
            Contact(E, "dana@example.org", "work"),
            Contact(P, "+1 619 555 0100", "Cell, personal"),
            Contact(H, "danar", "twitter"),
            Contact(U, "https://example.org/dana", ""),
        ),
        tags=("climbing", "a, b; c"),
        notes="Line one\nLine two; with, punctuation \\ backslash",
        birthday="--04-15",
        memberships=(
            Membership(GroupKind.SCHOOL, "SDSU", "Computer Science", FuzzyDate(1998), FuzzyDate(2002)),
            employer("Qualcomm", "Engineer"),
            employer("Globex", "Intern"),
            place("San Diego"),
            Membership(GroupKind.EVENT, "PyCon", on=FuzzyDate(2019, 5, 3)),
        ),
        is_me=True,
    )
    path = write_file(tmp_path, "".join(writer.write([record])))
    assert b"ORG:Qualcomm\r\nTITLE:Engineer\r\n" in path.read_bytes()
    assert only(path) == replace(record, line=1)


tricky = st.sampled_from([*',;:\\"^= .', "é", "日", "😀"])
names = (
    st.text(st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), tricky), min_size=1, max_size=90)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)
free_text = st.text(st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), tricky, st.just("\n")), max_size=300)
labels = st.one_of(st.just(""), st.sampled_from(["work", "home,fax", "cell"]), names.filter(lambda t: "_$!<" not in t))
contacts = st.builds(
    Contact,
    st.sampled_from([E, P, H, U]),
    names.filter(lambda t: "://" not in t and not t.lower().startswith(("twitter.com/", "x.com/"))),
    labels,
)
dates = st.one_of(
    st.none(),
    st.builds(FuzzyDate, st.integers(1900, 2030)),
    st.builds(FuzzyDate, st.just(2001), st.integers(1, 12), st.integers(1, 28)),
)
memberships = st.builds(
    Membership,
    st.sampled_from(list(GroupKind)),
    names,
    st.one_of(st.just(""), free_text),
    dates,
    dates,
    dates,
    st.one_of(st.just(""), names),
    st.one_of(st.just(""), free_text.map(str.strip)),
)
parts = st.one_of(st.just(""), names)
addresses = st.builds(
    Address, parts, parts, names, parts, parts, parts, parts, st.sampled_from(["", "home", "Cottage"])
)
birthdays = st.sampled_from(["", "1980-04-15", "1980", "--04-15", "--02-29", "2000-12-31"])


@st.composite
def generated_records(draw: st.DrawFn) -> Record:
    name = draw(names)
    aliases = [a for a in draw(st.lists(names, max_size=4)) if name_key(a)]
    keys_seen = {name_key(name)}
    unique_aliases = []
    for alias in aliases:
        if name_key(alias) not in keys_seen:
            keys_seen.add(name_key(alias))
            unique_aliases.append(alias)
    # An address's locality is also a place the person belongs to, first (its ADR line comes first).
    found = tuple(dict.fromkeys(draw(st.lists(addresses, max_size=2))))
    places = [Membership(GroupKind.PLACE, a.locality) for a in found if a.locality]
    return Record(
        key=draw(names),
        name=name,
        aliases=tuple(unique_aliases),
        contacts=tuple(dict.fromkeys(draw(st.lists(contacts, max_size=6)))),
        tags=tuple(dict.fromkeys(t.strip() for t in draw(st.lists(names, max_size=4)) if t.strip())),
        notes=draw(free_text).strip(),
        birthday=draw(birthdays),
        memberships=tuple(dict.fromkeys(places + draw(st.lists(memberships, max_size=5)))),
        is_me=draw(st.booleans()),
        addresses=found,
        related=tuple(dict.fromkeys(draw(st.lists(names, max_size=3)))),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(generated_records(), min_size=1, max_size=4, unique_by=lambda r: r.key))
def test_round_trip_through_a_file(tmp_path: pathlib.Path, original: list[Record]) -> None:
    path = write_file(tmp_path, "".join(writer.write(original)), "round.vcf")
    back = records(path)
    assert [replace(r, line=0) for r in back] == original


def test_org_departments_and_street_addresses_are_kept(tmp_path: pathlib.Path) -> None:
    """Issues 14 and 16: ORG's department and ADR's street were dropped; the department is now kept in the role
    (with the title: "Manager (Accounting)") and the address whole."""
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:A\nORG:IBM;Accounting\nADR;TYPE=work:;;1 Main St;Albany;NY;12207;USA\nEND:VCARD\n"
    )
    path = write_file(tmp_path, text)
    card = only(path)
    assert card.memberships == (employer("IBM", "Accounting"), place("Albany"))
    assert card.addresses == (Address("", "", "1 Main St", "Albany", "NY", "12207", "USA", "work"),)
    assert notices(path) == []
    titled = only(
        write_file(
            tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:B\nORG:IBM;Accounting;Payroll\nTITLE:Manager\nEND:VCARD\n", "b.vcf"
        )
    )
    assert titled.memberships == (employer("IBM", "Manager (Accounting, Payroll)"),)


def test_an_adr_of_a_locality_alone_is_a_place_and_an_apple_label_names_an_address(tmp_path: pathlib.Path) -> None:
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nADR:;;;Albany;;;\nitem1.ADR:;Flat 2;3 Elm Rd;Leeds;;LS1 4AP;UK\n"
            "item1.X-ABLabel:Cottage\nEND:VCARD\n")  # fmt: skip
    card = only(write_file(tmp_path, text))
    assert card.memberships == (place("Albany"), place("Leeds"))
    assert card.addresses == (Address("", "Flat 2", "3 Elm Rd", "Leeds", "", "LS1 4AP", "UK", "Cottage"),)
