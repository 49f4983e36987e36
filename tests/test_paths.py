"""Warm introduction paths and suggestions on a store built by hand, and on the demo network."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra
from typer.testing import CliRunner

from kithkin import services
from kithkin.cli import app
from kithkin.errors import InputError
from kithkin.network.paths import WEAKEST, PathIndex, best_paths, cost_matrix
from kithkin.network.strength import tie_strength
from kithkin.services import introductions, snapshot, suggestions
from kithkin.store import Store


def test_best_paths_prefer_strong_ties_over_few_hops() -> None:
    # 0-3 directly but weakly (0.1); 0-1-2-3 strongly (0.9 each): 0.729 > 0.1.
    costs = cost_matrix(4, np.array([0, 0, 1, 2]), np.array([3, 1, 2, 3]), np.array([0.1, 0.9, 0.9, 0.9]))
    paths = best_paths(costs, 0, [3], k=2)
    assert [p.nodes for p in paths] == [(0, 1, 2, 3), (0, 3)]
    assert paths[0].strength == pytest.approx(0.729)


def test_cost_matrix_keeps_the_strongest_of_duplicated_ties_and_drops_self_loops() -> None:
    # 0-1 twice (0.2, then 0.8 written the other way round), a self-loop on 2, and 1-2.
    costs = cost_matrix(3, np.array([0, 1, 2, 1]), np.array([1, 0, 2, 2]), np.array([0.2, 0.8, 0.9, 0.5]))
    dense = costs.toarray()
    assert dense[0, 1] == dense[1, 0] == pytest.approx(-np.log(0.8), abs=1e-6)
    assert dense[1, 2] == pytest.approx(-np.log(0.5), abs=1e-6)
    assert dense[2, 2] == 0  # no self-loop
    assert costs.nnz == 4
    assert cost_matrix(3, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)).nnz == 0


def test_no_path_when_disconnected() -> None:
    costs = cost_matrix(4, np.array([0, 2]), np.array([1, 3]), np.array([0.5, 0.5]))
    assert best_paths(costs, 0, [3]) == []


def test_stated_closeness_and_contact_raise_strength() -> None:
    assert tie_strength(5, 0, 0, 0) > tie_strength(3, 0, 0, 0) > tie_strength(1, 0, 0, 0)
    assert tie_strength(3, 0.8, 0, 0) > tie_strength(3, 0.0, 0, 0)
    assert 0 < tie_strength(None, 0, 0, 0) <= 1


@pytest.fixture
def chain(store: Store) -> Store:
    for name in ("Me Myself", "Ann Able", "Bob Bold", "Dana Reyes", "Zed Alone"):
        services.add_person(store, name)
    services.set_me(store, "Me Myself")
    services.tie(store, "me", "Ann", how="college roommates", since="2001", closeness=5)
    services.tie(store, "Ann", "Bob", how="colleagues")
    services.tie(store, "Bob", "Dana Reyes", how="neighbours")
    services.tie(store, "me", "Dana Reyes", closeness=1, how="met once")
    services.affiliate(store, "Dana", "employer", "ServiceNow", start="2016")
    services.affiliate(store, "Zed", "employer", "ServiceNow", start="2010")
    return store


def test_paths_name_the_introducer_and_draft_a_request(chain: Store) -> None:
    view = introductions.introductions(chain, "me", target_ref="Dana Reyes")
    firsts = [p.people[1].name for p in view.paths]
    assert len(set(firsts)) == len(firsts)  # each path through a different first contact
    assert {"Ann Able", "Dana Reyes"} <= set(firsts)
    hops = {(h.a.name, h.b.name): h for p in view.paths for h in p.hops}
    assert hops[("Me Myself", "Ann Able")].tie is not None
    assert hops[("Me Myself", "Ann Able")].tie.how == "college roommates"


@pytest.fixture
def ann_knows_dana(store: Store) -> Store:
    """Me, a close friend Ann, and Ann's neighbour Dana: one introducer between the user and Dana."""
    for name in ("Me Myself", "Ann Able", "Dana Reyes"):
        services.add_person(store, name)
    services.set_me(store, "Me Myself")
    services.tie(store, "me", "Ann", how="college roommates", closeness=5)
    services.tie(store, "Ann", "Dana", how="neighbours")
    return store


def test_the_request_says_why_and_comes_with_a_note_to_forward(ann_knows_dana: Store) -> None:
    store = ann_knows_dana
    for name in ("me", "Dana"):
        services.affiliate(store, name, "community", "Rotary Club of San Diego")
    view = introductions.introductions(store, "me", target_ref="Dana Reyes")
    assert view.draft.startswith("Hi Ann,\n\nI hope you're well. I'd love to meet Dana Reyes. ")
    # to Ann, what Dana and the user share names Dana (before: "We're both members…", read as Ann and the user)
    assert "you know each other (neighbours). Dana and I are both members of Rotary Club of San Diego." in view.draft
    assert view.draft.endswith("Thanks so much,\nMe")
    assert view.note.startswith("Hi Dana,\n\nI'm Me Myself; Ann and I know each other. We're both members of Rotary")

    runner, draft = CliRunner(), Path(str(store.path) + ".draft.txt")
    edit = ["--db", str(store.path), "path", "me", "Dana Reyes", "--draft", str(draft), "--edit"]
    result = runner.invoke(app, edit, env={"EDITOR": "sed -i s/Hi\\ Ann/Dear\\ Ann/", "VISUAL": ""})
    assert result.exit_code == 0, result.output
    assert "Dear Ann," in result.stdout  # what the editor left is what is shown ...
    written = draft.read_text(encoding="utf-8")  # ... and saved, the note after its mark
    assert written.startswith("Dear Ann,")
    assert written.index("--- note to forward ---") < written.index("Hi Dana,")
    broken = runner.invoke(app, edit, env={"EDITOR": "/nonexistent/editor", "VISUAL": ""})
    assert broken.exit_code == 1
    assert "the editor did not finish" in broken.stderr
    emptied = runner.invoke(app, edit, env={"EDITOR": "truncate -s 0", "VISUAL": ""})
    assert emptied.exit_code == 1
    assert "left empty: nothing written" in emptied.stderr
    assert draft.read_text(encoding="utf-8") == written  # the earlier draft is still there
    as_json = runner.invoke(app, ["--db", str(store.path), "path", "me", "Dana Reyes", "--draft", str(draft), "--json"])
    assert as_json.exit_code == 0, as_json.output
    import json

    assert json.loads(as_json.stdout)["draft"].startswith("Hi Ann,")  # stdout is the JSON alone


def test_paths_to_an_organisation_and_no_path(chain: Store) -> None:
    at = introductions.introductions(chain, "me", at="ServiceNow")
    assert at.target == "someone at ServiceNow"
    assert at.paths[0].people[-1].name == "Dana Reyes"  # Zed has no ties at all
    lonely = introductions.introductions(chain, "me", target_ref="Zed")
    assert lonely.paths == ()
    assert lonely.nearest[0][0].name == "Dana Reyes"  # reachable, and shares ServiceNow with Zed
    with pytest.raises(InputError, match="name a person, or --at"):
        introductions.introductions(chain, "me")


def test_the_request_says_someone_who_left_used_to_be_there(ann_knows_dana: Store) -> None:
    """Before: "I'd love to meet Dana Reyes at Salesforce" of someone who left Salesforce in 2016."""
    store = ann_knows_dana
    services.affiliate(store, "Dana", "employer", "Salesforce", start="2009", end="2016")
    services.affiliate(store, "Dana", "school", "SDSU", start="1999", end="2003")
    services.affiliate(store, "Dana", "employer", "ServiceNow", start="2016")

    def asked(org: str) -> str:
        return introductions.introductions(store, "me", at=org).draft.split(". ")[1]

    assert asked("Salesforce") == "I'd love to meet Dana Reyes, who used to work at Salesforce"
    assert asked("SDSU") == "I'd love to meet Dana Reyes, who went to SDSU"
    assert asked("ServiceNow") == "I'd love to meet Dana Reyes at ServiceNow"


def test_a_way_in_leads_to_someone_there_now(ann_knows_dana: Store) -> None:
    """Before: "You → Ann (strength 1.00) … You know Ann directly: no introduction needed" for Acme, where Ann
    worked 1999–2001, while Dana works there now; nothing said Ann had left."""
    store = ann_knows_dana
    services.affiliate(store, "Ann", "employer", "Acme", start="1999", end="2001")
    services.affiliate(store, "Dana", "employer", "Acme", start="2020")
    now = introductions.introductions(store, "me", at="Acme")
    assert now.target == "someone at Acme"
    assert [p.name for p in now.paths[0].people][-1] == "Dana Reyes"
    assert all(path.people[-1].name != "Ann Able" for path in now.paths)
    services.affiliate(store, "Ann", "employer", "Beta", start="1999", end="2001")
    services.affiliate(store, "Dana", "employer", "Beta", start="2015", end="2020")  # both have left Beta
    gone = introductions.introductions(store, "me", at="Beta")
    assert gone.target == "someone who used to work at Beta"
    assert gone.paths[0].people[-1].name == "Ann Able"


def test_someone_known_directly_needs_no_introduction_however_weak_the_tie(ann_knows_dana: Store) -> None:
    """Before: a stronger path through Ann came first, with a request to be introduced to Dana, whom the user has
    known (weakly) since 1997; and a way in at Acme went through Ann to Dana too."""
    store = ann_knows_dana
    services.tie(store, "me", "Dana", how="friends", since="1997", closeness=1)
    services.affiliate(store, "Dana", "employer", "Acme", start="2020")
    view = introductions.introductions(store, "me", target_ref="Dana Reyes")
    assert [p.name for p in view.paths[0].people] == ["Me Myself", "Dana Reyes"]
    assert view.paths[0].strength < view.paths[1].strength  # weaker, and still first
    assert view.draft == ""
    text = CliRunner().invoke(app, ["--db", str(store.path), "path", "me", "Dana Reyes"]).stdout
    assert "You know Dana Reyes directly: no introduction needed" in text
    assert "Best introducer" not in text
    at = introductions.introductions(store, "me", at="Acme")
    assert [[p.name for p in path.people] for path in at.paths] == [["Me Myself", "Dana Reyes"]]


def test_a_path_from_someone_else_speaks_of_them_and_not_of_the_users_log(ann_knows_dana: Store) -> None:
    """Before: "You know Dana Reyes directly" of Ann's paths, and the user's last contact with Ann put on Ann's
    first hop."""
    store = ann_knows_dana
    from kithkin.services.followups import log

    log(store, "lunch", with_refs=["Ann"], kind="meal", today=dt.date(2026, 11, 30))
    view = introductions.introductions(store, "Ann", target_ref="Dana Reyes")
    assert all(hop.last_contact is None for path in view.paths for hop in path.hops)
    text = CliRunner().invoke(app, ["--db", str(store.path), "path", "Ann", "Dana Reyes"]).stdout
    assert "Ann Able knows Dana Reyes directly: no introduction needed" in text
    assert "last contact" not in text
    mine = introductions.introductions(store, "me", target_ref="Ann", today=dt.date(2026, 12, 5))
    assert mine.paths[0].hops[0].last_contact == dt.date(2026, 11, 30)  # the user's own hop keeps it


def test_snapshot_is_cached_by_revision(chain: Store) -> None:
    first = snapshot.snapshot(chain)
    cache = Path(str(chain.path) + ".graph.npz")
    assert cache.exists()
    assert snapshot.snapshot(chain).revision == first.revision
    services.tie(chain, "Ann", "Zed")
    again = snapshot.snapshot(chain)
    assert again.revision > first.revision
    assert len(again.a) == len(first.a) + 1
    cache.write_bytes(cache.read_bytes()[:100])  # a truncated cache is rebuilt, not an error
    assert len(snapshot.snapshot(chain).a) == len(again.a)


def test_contact_strength_is_for_today_even_from_the_cache(chain: Store) -> None:
    import datetime as dt

    from kithkin.services.followups import log

    log(chain, "coffee", with_refs=["Ann"], today=dt.date(2026, 1, 11), on="2026-01-10")
    me, ann = (services.resolve_person(chain, n).id for n in ("me", "Ann"))
    snap = snapshot.snapshot(chain, today=dt.date(2026, 1, 11))
    tie = next(i for i in range(len(snap.a)) if {int(snap.ids[snap.a[i]]), int(snap.ids[snap.b[i]])} == {me, ann})
    cache = Path(str(chain.path) + ".graph.npz")
    built = cache.stat().st_mtime_ns
    later = snapshot.snapshot(chain, today=dt.date(2028, 1, 11))  # same revision: read from the cache
    assert later.revision == snap.revision
    assert cache.stat().st_mtime_ns == built  # not rebuilt
    assert later.strength[tie] < snap.strength[tie]  # two years without contact: weaker
    assert later.strength[tie] == pytest.approx(tie_strength(5, 0.0, 0, 0))  # no contact within the year


@pytest.mark.slow
def test_another_store_at_the_same_path_never_reads_the_old_caches(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    services.build_demo(db, size=300, seed=7)
    with Store.open(db) as store:
        assert len(suggestions.suggest(store, "me")) == 10
        first = store.identity
    db.unlink()
    services.build_demo(db, size=120, seed=8)  # the same revision, the caches of the first still beside it
    with Store.open(db) as store:
        assert store.identity != first
        assert len(snapshot.snapshot(store).ids) == store.count_people()
        assert all(s.person.id is not None for s in suggestions.suggest(store, "me"))


def test_path_and_suggest_on_the_demo(demo_copy: Path) -> None:
    db = demo_copy
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "path", "me", "Dana Reyes", "--json"])
    assert result.exit_code == 0, result.output
    import json

    view = json.loads(result.stdout)
    assert view["paths"][0]["people"][0]["name"] == "Michael Brennan"
    assert view["paths"][0]["people"][-1]["name"] == "Dana Reyes"
    assert len(view["paths"][0]["people"]) >= 3  # not tied directly: someone introduces
    result = runner.invoke(app, ["--db", str(db), "suggest", "--json", "-n", "5"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert len(found) == 5
    with Store.open(db) as store:
        me = store.me()
        assert me is not None
        assert me.id is not None
        tied = {t.other(me.id) for t in store.ties_of(me.id)}
    assert all(s["person"]["id"] not in tied for s in found)  # never someone already known
    assert all(s["reasons"] for s in found)
    # the reasons are the table's (the JSON gave the first three items of the common ground, mutual contacts by
    # name, where the table said what is shared), and the whole common ground is there too
    table = runner.invoke(app, ["--db", str(db), "suggest", "-n", "5"], env={"COLUMNS": "1000"}).stdout
    for s in found:
        assert s["common_ground"]
        assert all(item["sentence"] for item in s["common_ground"])
        assert "; ".join(s["reasons"]) in table, (s["reasons"], table)


def _reference(costs: sp.csr_array, me: int, target: int, k: int) -> list[float]:
    """Best total per first contact by the definition: Dijkstra over the network without the user."""
    keep = np.ones(costs.shape[0], dtype=bool)
    keep[me] = False
    without = sp.csr_array(costs.multiply(keep[:, None]).multiply(keep[None, :]))
    without.eliminate_zeros()
    dist = dijkstra(without, directed=True, indices=target)
    row = costs[[me]]
    totals = np.sort(row.data + dist[row.indices])
    return [float(t) for t in totals[:k] if t <= -np.log(WEAKEST)]


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.floats(0.05, 1.0)),
       max_size=120), st.integers(0, 29), st.integers(0, 29), st.integers(1, 4))  # fmt: skip
def test_bidirectional_search_matches_dijkstra(
    size: int, ties: list[tuple[int, int, float]], me: int, target: int, k: int
) -> None:
    me, target = me % size, target % size
    a = np.array([u % size for u, _, _ in ties], dtype=np.int64)
    b = np.array([v % size for _, v, _ in ties], dtype=np.int64)
    index = PathIndex.build(size, a, b, np.array([s for _, _, s in ties]))
    found = index.best_paths(me, [target], k) if me != target else []
    expected = _reference(index.costs, me, target, k) if me != target else []
    assert [-np.log(p.strength) for p in found] == pytest.approx(expected)
    for path in found:
        assert path.nodes[0] == me
        assert path.nodes[-1] == target
        assert len(set(path.nodes)) == len(path.nodes)  # simple: never back through anyone
        assert np.exp(-sum(index.costs[x, y] for x, y in itertools.pairwise(path.nodes))) == pytest.approx(
            path.strength
        )
    assert len({p.nodes[1] for p in found}) == len(found)  # each through a different first contact
    # The index reuses its scratch arrays: a second query (the reverse one first, so that it leaves other
    # distances behind) must give the same paths as the first did on a fresh index.
    if me != target:
        index.best_paths(target, [me], k)
        assert [(p.nodes, p.strength) for p in index.best_paths(me, [target], k)] == [
            (p.nodes, p.strength) for p in found
        ]


def test_duplicate_ties_and_self_loops_keep_the_strongest() -> None:
    index = PathIndex.build(3, np.array([0, 0, 1, 2]), np.array([1, 1, 2, 2]), np.array([0.2, 0.8, 0.5, 0.9]))
    (path,) = index.best_paths(0, [2], k=3)
    assert path.nodes == (0, 1, 2)
    assert path.strength == pytest.approx(0.4)
    assert index.best_paths(0, [0]) == []


def test_a_person_you_know_directly_gets_no_draft_request(chain: Store) -> None:
    view = introductions.introductions(chain, "Ann", target_ref="me")
    assert len(view.paths[0].people) == 2
    assert view.draft == ""
    assert view.note == ""
    out = CliRunner().invoke(app, ["--db", str(chain.path), "path", "Ann", "me"])
    assert out.exit_code == 0, out.output
    assert "Draft request" not in out.output
    assert "directly" in out.output


def test_the_request_to_a_host_does_not_tell_them_about_their_own_gathering(store: Store) -> None:
    for name in ("Me Myself", "Hui-Ling Chen", "Dana Reyes"):
        services.add_person(store, name)
    services.set_me(store, "Me Myself")
    services.tie(store, "me", "Hui-Ling", closeness=4)
    services.tie(store, "Hui-Ling", "Dana", how="neighbours")
    for name in ("me", "Hui-Ling", "Dana"):
        services.affiliate(store, name, "event", "Happy hour at Hui-Ling's", start="2024-05-01")
    services.affiliate(store, "me", "interest", "surfing")
    services.affiliate(store, "Dana", "interest", "surfing")
    view = introductions.introductions(store, "me", target_ref="Dana")
    assert view.paths[0].people[1].name == "Hui-Ling Chen"
    assert "Happy hour" not in view.draft
    assert "surfing" in view.draft


def test_the_request_to_an_introducer_keeps_an_employer_they_share(store: Store) -> None:
    """Before: every group the introducer was in was left out of the request, so "we were colleagues at Qualcomm"
    gave way to a school the two attended years apart, while the note to forward led with Qualcomm."""
    for name in ("Me Myself", "Tim Ode", "Pat Walls"):
        services.add_person(store, name)
    services.set_me(store, "Me Myself")
    services.tie(store, "me", "Tim", closeness=4)
    services.tie(store, "Tim", "Pat", how="friends")
    for name, start, end in (("me", "2002", "2008"), ("Tim", "2001", "2010"), ("Pat", "2003", "2009")):
        services.affiliate(store, name, "employer", "Qualcomm", start=start, end=end)
    services.affiliate(store, "me", "school", "SDSU", start="1998", end="2002")
    services.affiliate(store, "Pat", "school", "SDSU", start="1979", end="1983")
    view = introductions.introductions(store, "me", target_ref="Pat", today=dt.date(2026, 12, 1))
    assert view.paths[0].people[1].name == "Tim Ode"
    assert "Pat and I were colleagues at Qualcomm, overlapping 2003–2008." in view.draft
