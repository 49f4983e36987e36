"""Group sizes: every write keeps ``group_counts`` fresh (equal to a recount from the affiliations), and a
stale table (a restored backup) reads the same through the affiliations themselves."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kithkin import services
from kithkin.cli import app
from kithkin.services import groups, merging
from kithkin.store import Store
from kithkin.store.migrations import recount_groups


def test_stale_counts_equal_fresh_counts() -> None:
    with Store.memory() as store:
        for n in range(12):
            services.add_person(store, f"Person {n:02d}")
        for n in range(12):
            role = "Lives here" if n % 3 else " hometown "
            services.affiliate(store, f"Person {n:02d}", "place", "San Diego", role=role)
            if n % 2:
                services.affiliate(store, f"Person {n:02d}", "school", "SDSU", role="Marketing")
        services.affiliate(store, "Person 01", "place", "San Diego", role="lives here")  # twice: counted once
        city = store.find_group(services.parse_kind("place"), "San Diego")
        school = store.find_group(services.parse_kind("school"), "SDSU")
        assert city is not None
        assert school is not None
        assert city.id is not None
        assert school.id is not None
        keys = [(city.id, ""), (city.id, "lives here"), (city.id, "hometown"), (city.id, "nobody"),
                (school.id, ""), (school.id, "marketing")]  # fmt: skip
        assert store._counts_fresh()  # every write above recounted the groups it touched
        kept = store.group_counts(keys)
        store.db.execute("UPDATE meta SET value = '-1' WHERE key = 'counts_revision'")  # as a restore leaves it
        assert not store._counts_fresh()
        stale = store.group_counts(keys)
        with store.transaction():
            store.refresh_counts()
        assert store._counts_fresh()
        fresh = store.group_counts(keys)
    expected = {(city.id, ""): 12, (city.id, "lives here"): 8, (city.id, "hometown"): 4, (school.id, ""): 6}
    assert kept == stale == fresh == expected


def _table(store: Store) -> dict[tuple[int, str], int]:
    return {(g, k): n for g, k, n in store.db.execute("SELECT group_id, role_key, members FROM group_counts")}


def _recounted(store: Store) -> dict[tuple[int, str], int]:
    """What a full rebuild from the affiliations gives, without keeping it (rolled back)."""
    store.db.execute("BEGIN")
    try:
        recount_groups(store.db)
        return _table(store)
    finally:
        store.db.execute("ROLLBACK")


def test_writes_keep_group_counts_fresh(tmp_path: Path) -> None:
    """After `kithkin affiliate`, a merge, a moved affiliation, a forgotten person and a group merge, the
    counts are still fresh (no recount from all affiliations on the next common ground) and equal a
    recount."""
    db = tmp_path / "k.db"
    runner = CliRunner()
    with Store.open(db) as store:
        for name in ("Ana Ruiz", "Bo Chen", "Cy Diaz", "Ana R."):
            services.add_person(store, name)
    for args in (
        ["affiliate", "Ana Ruiz", "school", "SDSU", "--role", "Marketing"],
        ["affiliate", "Bo Chen", "school", "SDSU"],
        ["affiliate", "Cy Diaz", "place", "San Diego", "--role", "lives here"],
        ["affiliate", "Ana R.", "place", "San Diego", "--role", "hometown"],
        ["affiliate", "Ana R.", "school", "Aztec Night School"],
    ):  # fmt: skip
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert store._counts_fresh()
        sdsu = store.find_group(services.parse_kind("school"), "SDSU")
        city = store.find_group(services.parse_kind("place"), "San Diego")
        assert sdsu is not None
        assert city is not None
        assert sdsu.id is not None
        assert city.id is not None
        before = store.group_counts([(sdsu.id, ""), (city.id, "hometown")])
        assert before == {(sdsu.id, ""): 2, (city.id, "hometown"): 1}
        merging.merge(store, "Ana Ruiz", "Ana R.")  # Ana's two schools and her hometown become one person's
        groups.merge_groups(store, "SDSU", "Aztec Night School", kind="school")
        assert store._counts_fresh()
        assert _table(store) == _recounted(store)
        assert store.group_counts([(sdsu.id, ""), (city.id, ""), (city.id, "hometown")]) == {
            (sdsu.id, ""): 2, (city.id, ""): 2, (city.id, "hometown"): 1}  # fmt: skip
        services.remove_person(store, "Bo Chen")
        assert store._counts_fresh()
        assert _table(store) == _recounted(store)
        assert store.group_counts([(sdsu.id, "")]) == {(sdsu.id, ""): 1}


@settings(max_examples=60, deadline=None)
@given(ties=st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda t: t[0] != t[1]), max_size=20),
       a=st.integers(0, 7), b=st.integers(0, 7))  # fmt: skip
def test_mutual_contacts_are_the_people_tied_to_both(ties: set[tuple[int, int]], a: int, b: int) -> None:
    """Before: the query read ``((A ∪ B) ∩ C) ∪ D`` and also returned every contact of the second person stored
    with the lower id of its tie — "Both know Brian Hughes" of someone the user had never met."""
    with Store.memory() as store:
        ids = [services.add_person(store, f"Person {n}").id for n in range(8)]
        for x, y in ties:
            services.tie(store, f"#{ids[x]}", f"#{ids[y]}")
        known = {n: {y for x, y in ties if x == n} | {x for x, y in ties if y == n} for n in range(8)}
        both = sorted(ids[n] for n in known[a] & known[b] if n not in (a, b))
        assert store.mutual_contacts(ids[a] or 0, ids[b] or 0) == both
        assert store.mutual_contacts(ids[b] or 0, ids[a] or 0) == both
