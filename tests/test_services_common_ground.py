"""Common ground, `find` and briefings through the use cases, on real SQLite stores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kithkin import services
from kithkin.errors import AmbiguousPerson, InputError, NoMe, UnknownPerson
from kithkin.model import Goal, Interaction, InteractionKind
from kithkin.services import briefing, common_ground
from kithkin.store import Store


@pytest.fixture
def town(store: Store) -> Store:
    """Seven people with schools, employers and an event, small enough to check by hand."""
    people = {
        "Michael Brennan": [("school", "San Diego State University", "Marketing", "1998", "2002"),
                            ("employer", "Qualcomm", "Marketing Manager", "2002", "2011")],
        "Dana Reyes": [("school", "SDSU", "Marketing", "1999", "2003"), ("employer", "ServiceNow", "VP", "2016", None),
                       ("employer", "Qualcomm", "Engineer", "2003", "2009")],
        "Sam Ortiz": [("school", "San Diego State", "Biology", "2010", "2014"),
                      ("employer", "Qualcomm", "", "2015", None)],
        "Lee Park": [("school", "UC San Diego", "Marketing", "1998", "2002")],
        "Ana Ruiz": [("school", "SDSU", "marketing", "1985", "1989")],
        "Bo Chen": [("event", "Growth Workshop", "", None, None)],
        "Cy Chen": [("event", "Growth Workshop", "", None, None)],
    }  # fmt: skip
    services.add_person(store, "Michael Brennan", emails=["michael@example.com"])
    for name in list(people)[1:]:
        services.add_person(store, name, emails=[f"{name.split()[0].lower()}@example.com"])
    for name, affs in people.items():
        for kind, group, role, start, end in affs:
            if kind == "school" and group == "San Diego State University":
                services.affiliate(
                    store, name, kind, group, role=role, start=start, end=end, aliases=["SDSU", "San Diego State"]
                )
            else:
                services.affiliate(store, name, kind, group, role=role, start=start, end=end)
    services.set_me(store, "Michael Brennan")
    services.tie(store, "me", "Sam Ortiz", closeness=4)
    services.tie(store, "Sam Ortiz", "Dana Reyes")
    return store


def test_aliases_make_one_school(town: Store) -> None:
    schools = {g.name: n for g, n in services.list_groups(town, "school")}
    assert schools == {"San Diego State University": 4, "UC San Diego": 1}


def test_common_ground_between_classmates_and_colleagues(town: Store) -> None:
    result = common_ground.common(town, "me", "Dana Reyes", today=dt.date(2024, 12, 31))
    sentences = [i.sentence for i in result.items]
    assert sentences == [
        "Both know Sam Ortiz",  # a close friend in common says most in a seven-person network
        "Both Marketing majors at San Diego State University, overlapping 1999–2002",
        "Colleagues at Qualcomm, overlapping 2003–2009",
    ]
    with pytest.raises(InputError, match="same person twice"):
        common_ground.common(town, "me", "Michael")


def test_find_by_school_major_and_years(town: Store) -> None:
    hits = common_ground.find(
        town,
        common_ground.FindQuery(school="SDSU", role="marketing", start=1995, end=2005),
        today=dt.date(2024, 12, 31),
    )
    assert {h.person.name for h in hits} == {"Dana Reyes", "Michael Brennan"}
    assert all(h.matched[0].group.name == "San Diego State University" for h in hits)
    everyone = common_ground.find(town, common_ground.FindQuery(school="San Diego State"), today=dt.date(2024, 12, 31))
    assert {h.person.name for h in everyone} == {"Michael Brennan", "Dana Reyes", "Sam Ortiz", "Ana Ruiz"}


def test_find_a_program_however_it_is_spelt(town: Store) -> None:
    """Before: ``--role`` matched the words by case alone, so "BS Biology" did not find "B.S. Biology" nor
    "Biology" find either."""
    services.add_person(town, "Kim Lau", emails=["kim@example.com"])
    services.affiliate(town, "Kim Lau", "school", "SDSU", role="B.S. Biology", start="2011", end="2015")
    services.add_person(town, "Rae Fox", emails=["rae@example.com"])
    services.affiliate(town, "Rae Fox", "school", "SDSU", role="MS Biology", start="2016", end="2018")
    services.affiliate(town, "Rae Fox", "employer", "Qualcomm", role="marketing  manager", start="2019")

    def found(role: str, **where: str) -> set[str]:
        query = common_ground.FindQuery(role=role, **where)
        return {h.person.name for h in common_ground.find(town, query, today=dt.date(2024, 12, 31))}

    assert found("Bachelor of Science in Biology", school="SDSU") == {"Kim Lau"}
    assert found("biology", school="SDSU") == {"Sam Ortiz", "Kim Lau", "Rae Fox"}
    assert found("MS Biology", school="SDSU") == {"Rae Fox"}
    assert found("Marketing Manager", employer="Qualcomm") == {"Michael Brennan", "Rae Fox"}


def test_find_a_title_by_its_words_however_shortened(town: Store) -> None:
    """Before: at an employer ``--role`` matched the title by case and spaces alone, so "Marketing Manager" did not
    find "Sr. Marketing Mgr" nor "Engineer" find "Software Engineer"."""
    services.add_person(town, "Kim Lau", emails=["kim@example.com"])
    services.affiliate(town, "Kim Lau", "employer", "Qualcomm", role="Sr. Marketing Mgr", start="2012", end="2016")
    services.add_person(town, "Rae Fox", emails=["rae@example.com"])
    services.affiliate(town, "Rae Fox", "employer", "Qualcomm", role="Software Engineer II", start="2019")

    def found(role: str) -> set[str]:
        query = common_ground.FindQuery(role=role, employer="Qualcomm")
        return {h.person.name for h in common_ground.find(town, query, today=dt.date(2024, 12, 31))}

    assert found("Marketing Manager") == {"Michael Brennan", "Kim Lau"}
    assert found("senior marketing manager") == {"Kim Lau"}
    assert found("Engineer") == {"Dana Reyes", "Rae Fox"}
    assert found("SW Engineer 2") == {"Rae Fox"}
    assert found("Director") == set()


def test_find_employer_before_a_year(town: Store) -> None:
    hits = common_ground.find(town, common_ground.FindQuery(employer="Qualcomm", end=2009), today=dt.date(2024, 12, 31))
    assert {h.person.name for h in hits} == {"Michael Brennan", "Dana Reyes"}


def test_find_any_kind_and_shares_with(town: Store) -> None:
    hits = common_ground.find(
        town, common_ground.FindQuery(kind="event", name="growth workshop"), today=dt.date(2024, 12, 31)
    )
    assert {h.person.name for h in hits} == {"Bo Chen", "Cy Chen"}
    ranked = common_ground.find(town, common_ground.FindQuery(shares_with="me"), today=dt.date(2024, 12, 31))
    assert ranked[0].person.name == "Dana Reyes"
    assert "Bo Chen" not in {h.person.name for h in ranked}  # shares nothing with me
    scores = [h.ground.score for h in ranked if h.ground]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (common_ground.FindQuery(), "say what to find"),
        (common_ground.FindQuery(school="Hogwarts"), "no school called 'Hogwarts'"),
        (common_ground.FindQuery(kind="event"), "go together"),
        (common_ground.FindQuery(school="SDSU", start=2010, end=2000), "comes before"),
        (common_ground.FindQuery(kind="planet", name="Mars"), "not a kind of group"),
    ],
)
def test_find_mistakes_are_clear(town: Store, query: common_ground.FindQuery, message: str) -> None:
    with pytest.raises(InputError, match=message):
        common_ground.find(town, query, today=dt.date(2024, 12, 31))


def test_counts_follow_new_affiliations(town: Store) -> None:
    sdsu = town.find_group(services.parse_kind("school"), "SDSU")
    assert sdsu is not None
    assert sdsu.id is not None
    assert town.group_counts([(sdsu.id, "")]) == {(sdsu.id, ""): 4}
    services.affiliate(town, "Lee Park", "school", "SDSU", role="Marketing", start="2000", end="2004")
    assert town.group_counts([(sdsu.id, "")]) == {(sdsu.id, ""): 5}
    services.affiliate(town, "Lee Park", "place", "San Diego", role="Lives here")
    services.affiliate(town, "Ana Ruiz", "place", "San Diego", role="hometown")
    city = town.find_group(services.parse_kind("place"), "San Diego")
    assert city is not None
    assert city.id is not None
    assert town.group_counts([(city.id, ""), (city.id, "lives here"), (city.id, "hometown")]) == {
        (city.id, ""): 2,
        (city.id, "lives here"): 1,
        (city.id, "hometown"): 1,
    }


def test_brief_people_orders_by_value_and_guesses_strangers(town: Store) -> None:
    dana = services.resolve_person(town, "Dana Reyes")
    town.add_goal(Goal(text="reach Dana about a partnership", person_id=dana.id), "test")
    town.add_interaction(
        Interaction(on=dt.date(2024, 3, 1), kind=InteractionKind.MEAL, people=(dana.id or 0,), note="lunch"), "test"
    )
    view = briefing.brief(town, people=["Sam Ortiz", "Dana Reyes", "me", "Bo Chen", "pat@qualcomm.com", "x@gmail.com"])
    assert [e.person.name for e in view.entries] == ["Dana Reyes", "Sam Ortiz", "Bo Chen"]
    top = view.entries[0]
    assert top.goals[0].text == "reach Dana about a partnership"
    assert top.last is not None
    assert top.last.note == "lunch"
    assert top.headline == "VP at ServiceNow"
    assert view.entries[1].tie is not None  # Sam and I are tied
    assert view.entries[1].tie.closeness == 4
    guesses = {s.email: s.guess for s in view.strangers}
    assert guesses["pat@qualcomm.com"].startswith("probably works at Qualcomm")
    assert guesses["x@gmail.com"] == "personal email address"


def test_brief_an_event_in_the_store(town: Store) -> None:
    view = briefing.brief(town, event="Growth Workshop")
    assert view.title == "Growth Workshop"
    assert {e.person.name for e in view.entries} == {"Bo Chen", "Cy Chen"}


def test_brief_mistakes(town: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one thing"):
        briefing.brief(town)
    with pytest.raises(UnknownPerson):
        briefing.brief(town, people=["Nobody Atall"])
    services.add_person(town, "Dana Ross")
    with pytest.raises(AmbiguousPerson, match="Dana Reyes"):
        briefing.brief(town, people=["Dana"])
    with pytest.raises(InputError, match="no event called"):
        briefing.brief(town, event="Nope")
    with Store.open(tmp_path / "empty.sqlite") as empty, pytest.raises(NoMe):
        briefing.brief(empty, people=["x@example.com"])


def test_a_class_year_alone_is_found_in_its_years(town: Store) -> None:
    """A member directory gives a class year (an end, no start): "Class of 1999" was left out of a search for
    1997–2001 — the Find page's own "your years" search found none of the user's classmates."""
    services.add_person(town, "Tom Becker")
    services.add_person(town, "Old Timer")
    services.affiliate(town, "Tom Becker", "school", "SDSU", end="1999")
    services.affiliate(town, "Old Timer", "school", "SDSU", end="1980")
    services.affiliate(town, "Old Timer", "school", "SDSU")  # and a period with no date at all

    def names(start: int | None, end: int | None) -> set[str]:
        query = common_ground.FindQuery(school="SDSU", start=start, end=end)
        return {h.person.name for h in common_ground.find(town, query, today=dt.date(2024, 12, 31))}

    assert "Tom Becker" in names(1997, 2001)
    assert "Tom Becker" in names(1999, None)
    assert "Tom Becker" in names(None, 1999)
    assert "Tom Becker" not in names(2000, 2005)  # after their last year
    assert "Old Timer" not in names(1997, 2001)
    assert "Old Timer" not in names(1997, None)  # an undated period is not "since 1997"
