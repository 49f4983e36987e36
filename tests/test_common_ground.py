"""Common ground on tiny hand-checkable cases: the ranking rules one at a time."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from kithkin.common_ground import BONUS, RARITY_BASE, RARITY_SLOPE, common_ground, rarity, recency
from kithkin.model import Affiliation, FuzzyDate, Group, GroupKind, Person

D = FuzzyDate
A = Person("Ana Ruiz", id=1)
B = Person("Ben Cho", id=2)
SDSU = Group(GroupKind.SCHOOL, "San Diego State University", id=10, aliases=("SDSU",))
UCSD = Group(GroupKind.SCHOOL, "UC San Diego", id=11)
QCOM = Group(GroupKind.EMPLOYER, "Qualcomm", id=20)
WORKSHOP = Group(GroupKind.EVENT, "Growth Marketing Workshop", id=30, on=D(2024, 3, 2))
SAN_DIEGO = Group(GroupKind.PLACE, "San Diego", id=40)
SURF = Group(GroupKind.INTEREST, "surfing", id=50)
N = 100_000
COUNTS = {
    (10, ""): 40_000,
    (10, "marketing"): 900,
    (10, "biology"): 1_500,
    (11, ""): 30_000,
    (20, ""): 5_000,
    (20, "brand manager"): 40,
    (30, ""): 20,
    (40, ""): 60_000,
    (40, "lives here"): 55_000,
    (40, "hometown"): 8_000,
    (50, ""): 7_000,
}


def ground(a: list[Affiliation], b: list[Affiliation], mutual: list[tuple[Person, int | None]] | None = None):  # type: ignore[no-untyped-def]
    return common_ground(A, B, a, b, counts=COUNTS, population=N, now=2024, mutual=mutual or [])


def test_nothing_shared_is_empty() -> None:
    result = ground([Affiliation(1, SDSU)], [Affiliation(2, UCSD)])
    assert result.items == ()
    assert result.score == 0


def test_rarity_is_log_inverse_frequency() -> None:
    assert rarity(20, N) == pytest.approx(RARITY_BASE * (1 - 20 / N) + RARITY_SLOPE * math.log(N / 20))
    assert rarity(20, N) > rarity(40_000, N) > rarity(N, N) == 0.0


def test_a_small_workshop_outranks_a_big_university() -> None:
    result = ground([Affiliation(1, SDSU), Affiliation(1, WORKSHOP)], [Affiliation(2, SDSU), Affiliation(2, WORKSHOP)])
    assert [i.name for i in result.items] == ["Growth Marketing Workshop", "San Diego State University"]
    assert result.items[0].sentence == "Both attended Growth Marketing Workshop"


def test_major_and_overlapping_years_beat_the_school_alone() -> None:
    school_only = ground([Affiliation(1, SDSU, "Marketing", D(1990), D(1994))], [Affiliation(2, SDSU, "Biology")])
    same_major = ground(
        [Affiliation(1, SDSU, "Marketing", D(1990), D(1994))], [Affiliation(2, SDSU, "Marketing", D(2010), D(2014))]
    )
    classmates = ground(
        [Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "marketing ", D(1999), D(2003))]
    )
    assert school_only.items[0].level == "same school"
    assert same_major.items[0].level == "same major"
    assert classmates.items[0].level == "same major, same years"
    assert classmates.items[0].years == (1999, 2002)
    assert classmates.items[0].sentence == (
        "Both Marketing majors at San Diego State University, overlapping 1999–2002"
    )
    assert classmates.score > same_major.score > school_only.score
    # Classmates weigh the school's rarity, the same-major and same-years bonuses and the recency of 2002.
    expected = rarity(40_000, N) + BONUS["same role"] + BONUS["same years"] + recency(2002, 2024)
    assert classmates.items[0].weight == pytest.approx(expected)


def test_different_majors_in_the_same_years_read_as_different() -> None:
    """Before: "Both at San Diego State University, overlapping 1999 (1 year) — Marketing and Biology", which reads
    as both people's double major."""
    both_known = ground(
        [Affiliation(1, SDSU, "Marketing", D(1996), D(2000))], [Affiliation(2, SDSU, "Biology", D(1999), D(2003))]
    )
    assert both_known.items[0].sentence == (
        "Both at San Diego State University, overlapping 1999–2000 — different majors: Marketing and Biology"
    )
    one_known = ground([Affiliation(1, SDSU, "", D(1996), D(2000))], [Affiliation(2, SDSU, "Biology", D(1999), None)])
    assert one_known.items[0].sentence.endswith("— one in Biology, the other major not known")


def test_one_leaving_the_year_the_other_joined_are_not_said_to_have_overlapped() -> None:
    """Before: "Colleagues at Qualcomm, overlapping 2002 (1 year)" of someone who left Qualcomm in 2002 and the
    user, who joined it in 2002 (the demo's Luis Miguel Llamas): the years cannot tell whether they ever met there,
    and "(1 year)" claimed a year of it."""
    boundary = ground([Affiliation(1, QCOM, "", D(2002), D(2011))], [Affiliation(2, QCOM, "", D(1998), D(2002))])
    item = boundary.items[0]
    assert (item.level, item.sentence, item.we) == (
        "same employer",
        "Both worked at Qualcomm in 2002 (perhaps not at the same time)",
        "We both worked at Qualcomm in 2002 (perhaps not at the same time).",
    )
    assert item.years is None
    # A year that may not have been shared earns no same-years bonus.
    assert item.weight == pytest.approx(rarity(5_000, N) + recency(2002, 2024))
    apart = ground([Affiliation(1, QCOM, "", D(2002, 9), D(2011))], [Affiliation(2, QCOM, "", D(1998), D(2002, 3))])
    assert apart.items[0].sentence == "Both worked at Qualcomm, at different times (Sep 2002–2011 and 1998–Mar 2002)"
    met = ground([Affiliation(1, QCOM, "", D(2002, 3), D(2011))], [Affiliation(2, QCOM, "", D(1998), D(2002, 9))])
    assert met.items[0].sentence == "Colleagues at Qualcomm, overlapping in 2002"
    inside = ground([Affiliation(1, QCOM, "", D(1998), D(2011))], [Affiliation(2, QCOM, "", D(2002), D(2002))])
    assert inside.items[0].sentence == "Colleagues at Qualcomm, overlapping in 2002"
    classmates = ground(
        [Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "Marketing", D(2002), D(2006))]
    )
    assert classmates.items[0].sentence == (
        "Both Marketing majors at San Diego State University, in 2002 (perhaps not at the same time)"
    )
    assert classmates.items[0].level == "same major, perhaps the same year"


def test_a_degree_is_a_program_not_a_major() -> None:
    """Before: "— different majors: MS Computer Science and Computer Science" of two people in one field, "Both MBA
    majors" of two MBA students, and "Both Master of Science - MS majors" of LinkedIn's degree names."""
    one_field = ground(
        [Affiliation(1, SDSU, "MS Computer Science", D(1987), D(1989))],
        [Affiliation(2, SDSU, "Computer Science", D(1985), D(1988))],
    ).items[0]
    assert one_field.sentence == (
        "Both at San Diego State University, overlapping 1987–1988"
        " — both in Computer Science (MS Computer Science and Computer Science)"
    )
    mbas = ground([Affiliation(1, SDSU, "MBA", D(2003), D(2005))], [Affiliation(2, SDSU, "mba", D(2004), D(2006))])
    item = mbas.items[0]
    assert (item.level, item.sentence, item.opener, item.we) == (
        "same program, same years",
        "Both MBA students at San Diego State University, overlapping 2004–2005",
        "Ask Ben which professors they had in the MBA program at San Diego State University around 2004.",
        "We were both MBA students at San Diego State University, overlapping 2004–2005.",
    )
    linkedin = ground(
        [Affiliation(1, SDSU, "Master of Science - MS", D(2010), D(2012))],
        [Affiliation(2, SDSU, "Master of Science - MS", D(2016), D(2018))],
    ).items[0]
    assert linkedin.sentence == (
        "Both in the Master of Science - MS program at San Diego State University, at different times "
        "(2010–2012 and 2016–2018)"
    )
    assert linkedin.we == (
        "We've both been in the Master of Science - MS program at San Diego State University, at different times "
        "(2010–2012 and 2016–2018)."
    )
    unknown = ground([Affiliation(1, SDSU, "MBA", D(2003), D(2005))], [Affiliation(2, SDSU, "", D(2004), None)])
    assert unknown.items[0].sentence.endswith("— one in the MBA program, the other's not known")


def test_one_program_spelt_two_ways_is_one_program_and_one_field_at_two_degrees_counts_as_a_shared_major() -> None:
    """Before: "B.S. Biology" and "BS Biology" were two programs ("— both in Biology (B.S. Biology and BS Biology)",
    no same-major bonus), and "MS Computer Science" beside "Computer Science" weighed no more than two fields."""
    spelt = ground(
        [Affiliation(1, SDSU, "B.S. Biology", D(2000), D(2004))],
        [Affiliation(2, SDSU, "Bachelor of Science - BS, Biology", D(2001), D(2005))],
    ).items[0]
    assert (spelt.level, spelt.sentence) == (
        "same program, same years",
        "Both B.S. Biology students at San Diego State University, overlapping 2001–2004",
    )

    def weight(mine: str, theirs: str) -> float:
        return (
            ground([Affiliation(1, SDSU, mine, D(2000), D(2004))], [Affiliation(2, SDSU, theirs, D(2001), D(2005))])
            .items[0]
            .weight
        )

    assert weight("MS Computer Science", "Computer Science") == pytest.approx(
        weight("MS Computer Science", "Biology") + BONUS["same role"]
    )
    same = weight("Computer Science", "Computer Science")
    assert weight("MS Computer Science", "Computer Science") == pytest.approx(same)


def test_one_title_shortened_two_ways_is_one_role() -> None:
    """Before: "Sr. Software Engineer" and "Senior Software Engineer" at one employer were two roles (no "both", no
    same-role bonus); now the title is read however shortened, and a longer title is still another role."""
    same = ground(
        [Affiliation(1, QCOM, "Sr. Software Engineer", D(2010), D(2014))],
        [Affiliation(2, QCOM, "Senior  Software Engineer", D(2012), D(2016))],
    ).items[0]
    assert same.sentence == "Colleagues at Qualcomm, overlapping 2012–2014 (both Sr. Software Engineer)"
    other = ground(
        [Affiliation(1, QCOM, "Sr. Software Engineer", D(2010), D(2014))],
        [Affiliation(2, QCOM, "Software Engineer", D(2012), D(2016))],
    ).items[0]
    assert other.sentence == "Colleagues at Qualcomm, overlapping 2012–2014"
    assert same.weight == pytest.approx(other.weight + BONUS["same role"])


def test_people_still_there_together_are_said_in_the_present() -> None:
    """Before: "Colleagues at Qualcomm, overlapping 2021–2024" and "which team they were on" of two people
    who both still work there (no end date, shown as "–now")."""
    still = ground([Affiliation(1, QCOM, "Engineer", D(2019), None)], [Affiliation(2, QCOM, "Analyst", D(2021), None)])
    assert (still.items[0].sentence, still.items[0].opener) == (
        "Colleagues at Qualcomm, together there since 2021",
        "Ask Ben which team they're on at Qualcomm — you likely know people in common.",
    )
    left = ground(
        [Affiliation(1, QCOM, "Engineer", D(2019), None)], [Affiliation(2, QCOM, "Analyst", D(2021), D(2023))]
    )
    assert left.items[0].sentence == "Colleagues at Qualcomm, overlapping 2021–2023"
    assert "which team they were on" in left.items[0].opener
    students = ground(
        [Affiliation(1, SDSU, "Marketing", D(2022), None)], [Affiliation(2, SDSU, "Marketing", D(2023), None)]
    )
    assert (
        students.items[0].sentence == "Both Marketing majors at San Diego State University, together there since 2023"
    )
    assert students.items[0].opener == "Ask Ben which Marketing professors they have at San Diego State University."


@pytest.mark.parametrize(
    ("mine", "theirs", "we"),
    [
        # Still there together: the present perfect.
        (
            (QCOM, "Engineer", D(2019), None),
            (QCOM, "Analyst", D(2021), None),
            "We've been colleagues at Qualcomm since 2021.",
        ),
        (
            (SDSU, "Marketing", D(2022), None),
            (SDSU, "Marketing", D(2023), None),
            "We've both been Marketing majors at San Diego State University since 2023.",
        ),
        (
            (SDSU, "Marketing", D(2022), None),
            (SDSU, "", D(2023), None),
            "We've both been at San Diego State University since 2023 — one in Marketing, the other major not known.",
        ),
        # A closed overlap: the past, with its years.
        (
            (QCOM, "Engineer", D(2019), None),
            (QCOM, "Engineer", D(2021), D(2023)),
            "We were colleagues at Qualcomm, overlapping 2021–2023 (both Engineer).",
        ),
        # Undated: nothing is known about when, so nothing is said about now ("We're both at Qualcomm" was a guess).
        ((QCOM, "", None, None), (QCOM, "", None, None), "We've both worked at Qualcomm."),
        (
            (QCOM, "", D(1995), D(2000)),
            (QCOM, "", D(2008), None),
            "We've both worked at Qualcomm, at different times (1995–2000 and 2008–now).",  # was "We both worked"
        ),
        ((SDSU, "", None, None), (SDSU, "", None, None), "We both went to San Diego State University."),
        (
            (WORKSHOP, "speaker", None, None),
            (WORKSHOP, "", None, None),
            "We both attended Growth Marketing Workshop (I spoke).",  # was "(one of us spoke)": it is known who
        ),
        ((SURF, "", None, None), (SURF, "", None, None), "We're both into surfing."),
    ],
)
def test_what_two_people_share_is_said_in_the_first_person_from_the_facts(
    mine: tuple[Group, str, FuzzyDate | None, FuzzyDate | None],
    theirs: tuple[Group, str, FuzzyDate | None, FuzzyDate | None],
    we: str,
) -> None:
    """The introduction drafts' "we" sentence is written where the dates are known (it was read back from the
    third-person sentence's words, which turned "Both at Qualcomm", undated, into "We're both at Qualcomm")."""
    assert ground([Affiliation(1, *mine)], [Affiliation(2, *theirs)]).items[0].we == we
    assert ground([], [], [(Person("Cy Park", id=9), 3)]).items[0].we == "We both know Cy Park."


def test_colleagues_at_the_same_time_beat_alumni_of_the_same_company() -> None:
    colleagues = ground(
        [Affiliation(1, QCOM, "Engineer", D(2005), D(2010))], [Affiliation(2, QCOM, "Analyst", D(2008), None)]
    )
    alumni = ground(
        [Affiliation(1, QCOM, "Engineer", D(1995), D(2000))], [Affiliation(2, QCOM, "Analyst", D(2008), None)]
    )
    assert colleagues.items[0].level == "colleagues"
    assert colleagues.items[0].years == (2008, 2010)
    assert alumni.items[0].level == "alumni"
    assert colleagues.score > alumni.score


def test_same_team_at_the_same_company_adds_the_role_bonus() -> None:
    team = ground(
        [Affiliation(1, QCOM, "Brand Manager", D(2005), D(2010))],
        [Affiliation(2, QCOM, "brand manager", D(2006), D(2012))],
    )
    assert team.items[0].sentence.endswith("(both Brand Manager)")
    other_team = ground(
        [Affiliation(1, QCOM, "Brand Manager", D(2005), D(2010))], [Affiliation(2, QCOM, "Engineer", D(2006), D(2012))]
    )
    assert team.items[0].weight - other_team.items[0].weight == pytest.approx(BONUS["same role"])


def test_recent_beats_long_ago_all_else_equal() -> None:
    recent = ground([Affiliation(1, QCOM, "", D(2015), D(2023))], [Affiliation(2, QCOM, "", D(2016), D(2023))])
    old = ground([Affiliation(1, QCOM, "", D(1985), D(1993))], [Affiliation(2, QCOM, "", D(1986), D(1993))])
    assert recent.score > old.score
    assert recency(2024, 2024) == 0.0
    assert recency(1900, 2024) == pytest.approx(math.log(0.6), abs=1e-3)


def test_hometown_beats_living_in_the_same_city() -> None:
    lives = ground([Affiliation(1, SAN_DIEGO, "lives here")], [Affiliation(2, SAN_DIEGO, "lives here")])
    grew_up = ground([Affiliation(1, SAN_DIEGO, "hometown")], [Affiliation(2, SAN_DIEGO, "hometown")])
    assert lives.items[0].sentence == "Both live in San Diego"
    assert grew_up.items[0].sentence == "Both grew up in San Diego"
    assert grew_up.score > lives.score


def test_mutual_contacts_are_items_weighted_by_closeness() -> None:
    dana, sam = Person("Dana Reyes", id=3), Person("Sam Ortiz", id=4)
    result = ground([Affiliation(1, SURF)], [Affiliation(2, SURF)], mutual=[(dana, 5), (sam, None)])
    mutual = [i for i in result.items if i.kind is None]
    assert [i.name for i in mutual] == ["Dana Reyes", "Sam Ortiz"]
    assert mutual[0].weight > mutual[1].weight
    assert mutual[0].opener == "Mention Dana — ask Ben how they know each other."


def test_items_are_sorted_by_weight_and_every_item_has_words() -> None:
    result = ground(
        [Affiliation(1, SDSU, "Marketing", D(1998), D(2002)), Affiliation(1, WORKSHOP), Affiliation(1, SURF),
         Affiliation(1, SAN_DIEGO, "lives here")],
        [Affiliation(2, SDSU, "Marketing", D(2000), D(2004)), Affiliation(2, WORKSHOP), Affiliation(2, SURF),
         Affiliation(2, SAN_DIEGO, "lives here")],
    )  # fmt: skip
    weights = [i.weight for i in result.items]
    assert weights == sorted(weights, reverse=True)
    assert len(result.items) == 4
    for item in result.items:
        assert item.sentence
        assert item.opener.endswith(".")
        assert item.weight > 0


def test_an_upcoming_event_is_one_to_look_forward_to() -> None:
    result = common_ground(
        A, B, [Affiliation(1, WORKSHOP)], [Affiliation(2, WORKSHOP)], counts=COUNTS, population=N, now=2024,
        today=dt.date(2024, 1, 15),
    )  # fmt: skip
    assert result.items[0].sentence == "Both going to Growth Marketing Workshop"
    assert result.items[0].opener == "Plan to find Ben at Growth Marketing Workshop."


# -- true sentences (issue 14) -------------------------------------------------------------------------------


def test_undated_employers_are_not_said_to_be_at_different_times() -> None:
    # What LinkedIn connections, vCard ORG and directories give: an employer, no dates.
    (item,) = ground([Affiliation(1, QCOM)], [Affiliation(2, QCOM)]).items
    assert item.sentence == "Both at Qualcomm"
    assert "different times" not in item.opener


def test_one_dated_employer_is_not_said_to_be_at_different_times() -> None:
    (item,) = ground([Affiliation(1, QCOM, start=D(2005), end=D(2009))], [Affiliation(2, QCOM)]).items
    # not "Both at Qualcomm": the present tense said the one who left in 2009 was there still
    assert item.sentence == "Both have worked at Qualcomm (2005–2009 and dates unknown)"
    assert "different times" not in item.sentence + item.opener


def test_dated_employers_that_do_not_overlap_are_at_different_times() -> None:
    (item,) = ground(
        [Affiliation(1, QCOM, start=D(1995), end=D(1999))], [Affiliation(2, QCOM, start=D(2005), end=D(2009))]
    ).items
    assert item.sentence == "Both worked at Qualcomm, at different times (1995–1999 and 2005–2009)"


def test_same_major_without_dates_claims_no_years() -> None:
    (item,) = ground([Affiliation(1, SDSU, "Marketing")], [Affiliation(2, SDSU, "Marketing")]).items
    assert item.sentence == "Both studied Marketing at San Diego State University"


def test_an_event_after_today_is_one_both_are_going_to() -> None:
    mine, theirs = [Affiliation(1, WORKSHOP)], [Affiliation(2, WORKSHOP)]
    before = common_ground(A, B, mine, theirs, counts=COUNTS, population=N, now=2024, today=dt.date(2024, 3, 1))
    after = common_ground(A, B, mine, theirs, counts=COUNTS, population=N, now=2024, today=dt.date(2024, 3, 3))
    assert before.items[0].sentence == "Both going to Growth Marketing Workshop"
    assert "took away" not in before.items[0].opener
    assert after.items[0].sentence == "Both attended Growth Marketing Workshop"


def test_a_meeting_of_the_two_of_them_is_history_not_an_event_both_attended() -> None:
    coffee = Group(GroupKind.EVENT, "Coffee with Ben", id=31, on=D(2024, 3, 2))
    counts = {**COUNTS, (31, ""): 2}
    result = common_ground(
        A, B, [Affiliation(1, coffee)], [Affiliation(2, coffee)], counts=counts, population=N, now=2024
    )
    assert result.items[0].sentence == "Met on 2 Mar 2024 — Coffee with Ben"


#: The demo's Michael at Qualcomm: a promotion, two rows that touch.
PROMOTED = [Affiliation(1, QCOM, "Coordinator", D(2002), D(2006)), Affiliation(1, QCOM, "Manager", D(2006), D(2011))]


def test_a_persons_touching_roles_at_one_employer_are_one_time_there() -> None:
    """Before: "Colleagues at Qualcomm, overlapping 2006–2009" of the demo's Michael (Coordinator 2002–2006,
    then Manager 2006–2011) and Dana (2003–2009): one pair of rows was compared, and they overlapped for seven years."""
    shared = ground(PROMOTED, [Affiliation(2, QCOM, "Engineer", D(2003), D(2009))]).items[0]
    assert (shared.sentence, shared.years) == ("Colleagues at Qualcomm, overlapping 2003–2009", (2003, 2009))
    # A year that follows on touches (…–2005, 2006–…); a year with no row cuts the time in two.
    follows_on = [Affiliation(1, QCOM, "Coordinator", D(2002), D(2005)), Affiliation(1, QCOM, "Manager", D(2006), None)]
    assert ground(follows_on, [Affiliation(2, QCOM, "", D(2003), D(2009))]).items[0].years == (2003, 2009)
    gap = [Affiliation(1, QCOM, "Coordinator", D(2002), D(2004)), Affiliation(1, QCOM, "Manager", D(2006), None)]
    assert ground(gap, [Affiliation(2, QCOM, "", D(2003), D(2009))]).items[0].years == (2006, 2009)
    # Open at the end when the later role is: both still there, said in the present.
    still = ground(follows_on, [Affiliation(2, QCOM, "", D(2003), None)]).items[0]
    assert still.sentence == "Colleagues at Qualcomm, together there since 2003"


def test_the_same_role_is_joined_only_with_itself() -> None:
    """Both Engineers: the shared title's years are the years both held it, and the whole time at the company is
    said beside them (before: "overlapping 2005–2010 (both Engineer)" of colleagues of 2001–2010)."""
    mine = [Affiliation(1, QCOM, "Analyst", D(2000), D(2004)), Affiliation(1, QCOM, "Engineer", D(2005), D(2012))]
    theirs = [Affiliation(2, QCOM, "Engineer", D(2001), D(2003)), Affiliation(2, QCOM, "Engineer", D(2004), D(2010))]
    shared = ground(mine, theirs).items[0]
    assert shared.sentence == "Colleagues at Qualcomm, overlapping 2001–2010 (both Engineer 2005–2010)"
    assert shared.years == (2001, 2010)
    same_span = [Affiliation(2, QCOM, "Engineer", D(2005), D(2010))]  # the role is all the time together
    assert ground(mine, same_span).items[0].sentence == "Colleagues at Qualcomm, overlapping 2005–2010 (both Engineer)"


def test_a_job_that_ends_after_today_is_still_held() -> None:
    """Zoe at Intuit "2020–2029" is there on 2 Mar 2027: it read "overlapping 2020–2027" and asked "which team
    they were on"."""
    mine = [Affiliation(1, QCOM, "Director", D(2011), None)]
    shared = ground(mine, [Affiliation(2, QCOM, "Designer", D(2020), D(2029))]).items[0]
    assert shared.sentence == "Colleagues at Qualcomm, together there since 2020"
    assert "which team they're on" in shared.opener
    left = ground(mine, [Affiliation(2, QCOM, "Designer", D(2020), D(2024))]).items[0]
    assert left.sentence == "Colleagues at Qualcomm, overlapping 2020–2024"


def test_a_schools_majors_do_not_join_across_roles() -> None:
    """The sentence names each person's major, so a BA and a later MBA at one school stay two periods."""
    mine = [Affiliation(1, SDSU, "Marketing", D(1998), D(2002)), Affiliation(1, SDSU, "MBA", D(2003), D(2005))]
    shared = ground(mine, [Affiliation(2, SDSU, "Biology", D(2001), D(2005))]).items[0]
    assert shared.sentence == (
        "Both at San Diego State University, overlapping 2003–2005 — different programs: MBA and Biology"
    )
    twice = [Affiliation(1, SDSU, "Marketing", D(1998), D(2000)), Affiliation(1, SDSU, "Marketing", D(2001), D(2002))]
    same = ground(twice, [Affiliation(2, SDSU, "Marketing", D(1999), D(2003))]).items[0]
    assert same.sentence == "Both Marketing majors at San Diego State University, overlapping 1999–2002"


def test_one_still_at_the_school_is_not_said_to_have_left() -> None:
    """Before: "Both studied Marketing at SDSU (1998–2002 and 2023–now)" and "Both went to SDSU" of someone studying
    there now: the past tense said both had left."""
    major = ground([Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "Marketing", D(2023))])
    assert (
        major.items[0].sentence
        == "Both have studied Marketing at San Diego State University, at different times (1998–2002 and 2023–now)"
    )
    assert (
        major.items[0].we
        == "We've both studied Marketing at San Diego State University, at different times (1998–2002 and 2023–now)."
    )
    school = ground([Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "Biology", D(2023))])
    assert school.items[0].sentence == (
        "Both have been at San Diego State University, at different times (1998–2002 and 2023–now)"
    )
    left = ground(
        [Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "Marketing", D(2010), D(2014))]
    )
    assert (
        left.items[0].sentence
        == "Both studied Marketing at San Diego State University, at different times (1998–2002 and 2010–2014)"
    )


def test_schoolmates_years_apart_are_said_to_be_at_different_times() -> None:
    """Before: "Both went to San Diego State University" of 1991–1995 and 1998–2002, where an employer said "at
    different times"; undated, nothing is said about when."""
    apart = ground([Affiliation(1, SDSU, "Marketing", D(1998), D(2002))], [Affiliation(2, SDSU, "", D(1991), D(1995))])
    assert (apart.items[0].sentence, apart.items[0].we) == (
        "Both went to San Diego State University, at different times (1998–2002 and 1991–1995)",
        "We both went to San Diego State University, at different times (1998–2002 and 1991–1995).",
    )
    assert ground([Affiliation(1, SDSU)], [Affiliation(2, SDSU)]).items[0].sentence == (
        "Both went to San Diego State University"
    )


def test_alumni_at_different_times_are_told_each_whole_time() -> None:
    shared = ground(PROMOTED, [Affiliation(2, QCOM, "Engineer", D(2013), D(2015))]).items[0]
    assert shared.sentence == "Both worked at Qualcomm, at different times (2002–2011 and 2013–2015)"


def test_alumni_in_the_same_role_are_told_the_role_whose_years_are_said() -> None:
    """Michael was at Qualcomm 2002–2011 (coordinator, then manager); a manager there since 2018 shares the manager
    role, whose years are said: the sentence names it, so 2006–2011 does not read as all his time there."""
    shared = ground(PROMOTED, [Affiliation(2, QCOM, "Manager", D(2018), None)]).items[0]
    # one is still there: "have worked" (before: "Both worked at", as if both had left)
    assert shared.sentence == "Both have worked at Qualcomm as Manager, at different times (2006–2011 and 2018–now)"


def test_who_spoke_or_hosts_is_named_to_whoever_reads_it() -> None:
    """Before: "Both attended Expo (one of you spoke)" though the data says who, read by a host comparing two
    guests ("you" named no one); and "Plan to find Hui-Ling at Happy hour at Hui-Ling's" of its host."""
    me = Person("Michael Brennan", id=1, is_me=True)
    spoke = [Affiliation(2, WORKSHOP, "speaker")]

    def said(a: Person, mine: list[Affiliation], theirs: list[Affiliation], today: dt.date) -> tuple[str, str]:
        item = common_ground(a, B, mine, theirs, counts=COUNTS, population=N, now=2024, today=today).items[0]
        return item.sentence, item.opener

    before, ahead = dt.date(2024, 6, 1), dt.date(2024, 1, 1)
    assert said(A, [Affiliation(1, WORKSHOP)], spoke, before) == (
        "Both attended Growth Marketing Workshop (Ben spoke)",
        "Ask Ben about their talk at Growth Marketing Workshop.",
    )
    assert said(A, [Affiliation(1, WORKSHOP, "speaker")], [Affiliation(2, WORKSHOP)], before)[0] == (
        "Both attended Growth Marketing Workshop (Ana spoke)"
    )
    assert said(me, [Affiliation(1, WORKSHOP, "speaker")], [Affiliation(2, WORKSHOP)], before)[0] == (
        "Both attended Growth Marketing Workshop (you spoke)"
    )
    assert said(me, [Affiliation(1, WORKSHOP)], [Affiliation(2, WORKSHOP, "host")], ahead) == (
        "Both going to Growth Marketing Workshop (Ben is hosting)",
        "Thank Ben for the invitation to Growth Marketing Workshop.",  # before: "for having you at", before it was
    )
    assert said(A, [Affiliation(1, WORKSHOP, "host")], [Affiliation(2, WORKSHOP)], ahead)[0] == (
        "Both going to Growth Marketing Workshop (Ana is hosting)"
    )


def test_a_declined_invitation_is_no_common_ground() -> None:
    """Before: a calendar's "declined (required)" read "Both attended Growth Marketing Workshop"."""
    assert ground([Affiliation(1, WORKSHOP, "declined (required)")], [Affiliation(2, WORKSHOP)]).items == ()
    assert ground([Affiliation(1, WORKSHOP)], [Affiliation(2, WORKSHOP, "declined")]).items == ()
    assert ground([Affiliation(1, WORKSHOP, "required")], [Affiliation(2, WORKSHOP, "optional")]).items


def test_an_undated_colleague_is_not_asked_what_they_do_there_now() -> None:
    """Before: "Ask Ben what they do at Qualcomm." with nothing known about when either was there."""
    item = ground([Affiliation(1, QCOM)], [Affiliation(2, QCOM)]).items[0]
    assert (item.sentence, item.opener) == (
        "Both at Qualcomm",
        "Ask Ben about their time at Qualcomm — you may know people in common.",
    )


def test_an_event_on_its_own_day_is_still_to_come() -> None:
    """Before: on the day of the workshop, "Both attended Growth Marketing Workshop" and "what they took away"."""
    on_the_day = common_ground(A, B, [Affiliation(1, WORKSHOP)], [Affiliation(2, WORKSHOP)], counts=COUNTS,
                               population=N, now=2024, today=dt.date(2024, 3, 2))  # fmt: skip
    assert on_the_day.items[0].sentence == "Both going to Growth Marketing Workshop"


def test_a_degree_after_the_field_is_the_same_field_not_a_different_major() -> None:
    """ "Marketing, BA" and "Marketing" read "different majors: Marketing, BA and Marketing"."""
    sdsu = Group(GroupKind.SCHOOL, "SDSU", id=40)
    mine = [Affiliation(1, sdsu, "Marketing, BA", D(1995), D(1999))]
    (item,) = ground(mine, [Affiliation(2, sdsu, "Marketing", D(1997), D(2001))]).items
    assert item.sentence == "Both at SDSU, overlapping 1997–1999 — both in Marketing (Marketing, BA and Marketing)"
