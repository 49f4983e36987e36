"""Headlines for a page of people in one query say what reading each person's affiliations says."""

from __future__ import annotations

from pathlib import Path

from kithkin.model import GroupKind
from kithkin.services.people import headlines
from kithkin.store import Store


def _one_by_one(store: Store, pid: int) -> str:
    """The headline as the profile tells it: the first current job and home in the profile's order."""
    work, city = "", ""
    for aff in store.affiliations_of(pid):
        if aff.group.kind is GroupKind.EMPLOYER and aff.end is None and not work:
            work = f"{aff.role} at {aff.group.name}" if aff.role else aff.group.name
        if aff.group.kind is GroupKind.PLACE and aff.role == "lives here" and not city:
            city = aff.group.name
    return ", ".join(x for x in (work, city) if x)


def test_batched_headlines_equal_the_profiles(demo_db: Path) -> None:
    with Store.open(demo_db, create=False) as store:
        ids = [p.id or 0 for p in store.list_people()]
        batched = headlines(store, ids)
        expected = [_one_by_one(store, pid) for pid in ids]
    assert batched == expected
    assert sum(1 for line in batched if " at " in line and ", " in line) > 50  # jobs and homes both shown
