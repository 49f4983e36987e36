"""Editing people as a form does: the lists typed replace the lists kept; refused values name their field."""

from __future__ import annotations

import pytest

from kithkin import services
from kithkin.errors import InputError, NameTaken
from kithkin.services.people import replacing
from kithkin.store import Store


def test_replacing_adds_what_is_new_and_removes_what_is_gone(store: Store) -> None:
    dana = services.add_person(
        store, "Dana Reyes", aliases=["Dee"], emails=["dana@a.example"], phones=["+1 619 555 0100"], tags=["work"]
    )
    change = replacing(
        dana, name="Dana Reyes", aliases=["D.R.", "Dee"], emails=["dana@b.example"], phones=[], tags=["work", "rowing"]
    )
    assert (change.name, change.add_aliases, change.remove_aliases) == (None, ["D.R."], [])
    assert (change.add_emails, change.remove_emails) == (["dana@b.example"], ["dana@a.example"])
    assert (change.add_phones, change.remove_phones) == ([], ["+1 619 555 0100"])
    assert (change.add_tags, change.remove_tags) == (["rowing"], [])
    after = services.edit_person(store, "Dana Reyes", change)
    assert sorted(after.aliases) == ["D.R.", "Dee"]
    assert after.emails == ("dana@b.example",)
    assert after.phones == ()
    assert sorted(after.tags) == ["rowing", "work"]
    dropped = services.edit_person(store, "Dana Reyes", replacing(after, aliases=[]))
    assert dropped.aliases == ()
    assert dropped.emails == ("dana@b.example",)  # a list left out is not touched


def test_a_name_taken_says_who_has_it(store: Store) -> None:
    services.add_person(store, "Dana Reyes")
    with pytest.raises(NameTaken) as taken:
        services.add_person(store, "dana  reyes")
    assert taken.value.known == "Dana Reyes (#1)"
    assert taken.value.field == "name"
    assert services.add_person(store, "Dana Reyes", new=True).id == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (services.PersonEdit(birthday="1980-00-12"), "birthday"),
        (services.PersonEdit(name=" "), "name"),
        (services.PersonEdit(add_emails=["nope"]), "emails"),
        (services.PersonEdit(add_phones=["1"]), "phones"),
    ],
)
def test_a_refused_edit_names_its_field(store: Store, change: services.PersonEdit, field: str) -> None:
    services.add_person(store, "Dana Reyes")
    before = store.revision
    with pytest.raises(InputError) as refused:
        services.edit_person(store, "Dana Reyes", change)
    assert refused.value.field == field
    assert store.revision == before
