"""Schemathesis over the API's own OpenAPI schema (``/api/v1/openapi.json``): requests made from every
operation's parameters and bodies, valid and not, must never make the server fail (500), and every
response must be one the schema promises (the JSON error shape included).

The run writes to a copy of the demo store (dismissals, merges, finished follow-ups), as a signed-in
session with its CSRF token, so state-changing operations are reached too. Its size is bounded
(:data:`EXAMPLES` per operation, no shrinking past a failure's first form, an exact guest list given a tenth
of a second) to keep it near half a minute.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from tests.store_support import copy_store

from kithkin.services import gatherings, suggestions
from kithkin.store import Store
from kithkin.web import create_app
from kithkin.web.security import COOKIE, CSRF_HEADER, Session, Sessions
from kithkin.web.signing import session_key

if os.environ.get("PYTEST_XDIST_WORKER"):  # every operation's test has one name: a worker would run one of them
    pytest.fail("run the schema tests without -n (as `make test` does)", pytrace=False)

EXAMPLES = 12
TOKEN = "schemathesis-csrf-token"
HOST = "127.0.0.1:8765"


@pytest.fixture(scope="module")
def schema_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo store (with its graph cache) that the run may change."""
    copy = copy_store(demo_db, tmp_path_factory.mktemp("schema"))
    with Store.open(copy, create=False) as store:
        suggestions.suggest(store, "me", limit=1)  # the ranker learns once (seconds), not inside a request
    return copy


class _Served:
    """The app schemathesis calls: the schema is read when this module is collected (from an app whose store
    is never opened, as reading the schema does not open it), the requests go to the app over the copy."""

    def __init__(self) -> None:
        self.app: Any = create_app(Path("unopened.sqlite"), secret="only-for-reading-the-schema")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


SERVED = _Served()
# schemathesis.pytest.from_fixture would build the schema in a fixture, but reaches into pytest internals
# that pytest 9 no longer has (Function._nodeid); so the schema is read at collection.
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", SERVED, headers={"host": HOST})


@pytest.fixture(scope="module", autouse=True)
def _served_over_the_copy(schema_db: Path) -> Iterator[None]:
    reading = SERVED.app
    SERVED.app = create_app(schema_db)
    # An exact guest list stops at its time limit with what it proved (a path the run still reaches); with the
    # product's 30 s, the plans generated with `exact` took 38 s of the run's 77.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gatherings, "EXACT_SECONDS", 0.1)
        yield
    SERVED.app = reading


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same requests on every run: a failure here is reproducible, not luck
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_server_fail(case: schemathesis.Case, schema_db: Path) -> None:
    cookie = Sessions(session_key(schema_db)).dump(Session(csrf=TOKEN, signed_in=True))
    case.call_and_validate(
        headers={"host": HOST, CSRF_HEADER: TOKEN},
        cookies={COOKIE: cookie},
        timeout=60,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
