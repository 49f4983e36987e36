"""Group sizes read the same whether ``group_counts`` is fresh or the store was written since (stale)."""

from __future__ import annotations

from kithkin import services
from kithkin.store import Store


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
        assert not store._counts_fresh()
        stale = store.group_counts(keys)
        with store.transaction():
            store.refresh_counts()
        assert store._counts_fresh()
        fresh = store.group_counts(keys)
    assert (
        stale == fresh == {(city.id, ""): 12, (city.id, "lives here"): 8, (city.id, "hometown"): 4, (school.id, ""): 6}
    )
