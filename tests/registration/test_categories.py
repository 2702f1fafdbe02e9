"""Participant categories' services: the meeting presets, keys, names, removal and order."""
import pytest
from sqlalchemy import select

from core.extensions import db
from registration import category_services as categories
from registration.categories import APPROVAL, NOMINATION, OPEN, PRESETS, ParticipantCategory
from registration.models import Registration, RegistrationQuestion
from tests.conftest import open_event

VALUES = {"name": "Youth delegate", "admission": OPEN, "capacity": None, "badge_colour": "#112233",
          "badge_label": "Youth", "is_listed": True}


def test_presets_are_added_once_in_order_with_unique_keys(make_event):
    event = make_event(languages=["en", "fr"])

    assert categories.add_presets(event) == len(PRESETS)
    assert categories.add_presets(event) == 0

    added = categories.categories_of(event.id)
    assert [category.key for category in added] == [preset[0] for preset in PRESETS]
    assert [category.position for category in added] == list(range(1, len(PRESETS) + 1))
    member = added[0]
    assert (member.name, member.admission, member.badge_colour, member.badge_label) == \
        ("Member State delegate", NOMINATION, "#0072B2", "Member State")
    assert next(c for c in added if c.key == "press").is_listed is False


def test_presets_in_a_french_first_event_keep_a_name_in_its_first_language(make_event):
    event = make_event(languages=["fr", "en"])
    categories.add_presets(event)
    first = categories.categories_of(event.id)[0]
    assert first.name  # the catalogue's French, or the English words until it has them
    assert first.translations.get("en", {}).get("name") == "Member State delegate"


def test_a_new_category_gets_an_ascii_key_unique_in_the_event(make_event):
    event = make_event()
    one = categories.add_category(event, {**VALUES, "name": "Délégué·e jeunesse"})
    two = categories.add_category(event, {**VALUES, "name": "Délégué jeunesse!"})
    arabic = categories.add_category(event, {**VALUES, "name": "مندوب"})
    assert (one.key, two.key, arabic.key) == ("delegue_e_jeunesse", "delegue_jeunesse", "category")
    assert categories.free_key(event.id, "Délégué jeunesse") == "delegue_jeunesse_2"

    categories.update_category(one, {**VALUES, "name": "Young delegates"})
    assert one.key == "delegue_e_jeunesse"  # filters and exports keep working after a rename


def test_two_categories_of_one_name_are_refused(make_event):
    event = make_event()
    categories.add_category(event, VALUES)
    with pytest.raises(categories.CategoryProblem) as problem:
        categories.add_category(event, {**VALUES, "name": " youth DELEGATE "})
    assert problem.value.field == "name"
    other = categories.add_category(event, {**VALUES, "name": "Observer"})
    with pytest.raises(categories.CategoryProblem):
        categories.update_category(other, {**VALUES, "name": "Youth delegate"})
    assert len(categories.categories_of(event.id)) == 2


def test_a_category_in_use_is_not_removed(make_event, make_user):
    event = open_event(make_event)
    used = categories.add_category(event, VALUES)
    spare = categories.add_category(event, {**VALUES, "name": "Observer"})
    question = RegistrationQuestion(event_id=event.id, label="Your mandate", kind="text",
                                    category_ids=[used.id, spare.id])
    db.session.add_all([question, Registration(event_id=event.id, email="a@example.org", full_name="A",
                                               status="confirmed", category_id=used.id)])
    db.session.commit()

    with pytest.raises(categories.CategoryProblem) as problem:
        categories.delete_category(used)
    assert "1 registration (of any status but cancelled: confirmed, pending or waiting) is in this category" in \
        problem.value.message
    categories.delete_category(spare)

    assert [c.name for c in categories.categories_of(event.id)] == ["Youth delegate"]
    assert db.session.get(RegistrationQuestion, question.id).category_ids == [used.id]


def test_categories_move_up_and_down(make_event):
    event = make_event()
    for name in ("A", "B", "C"):
        categories.add_category(event, {**VALUES, "name": name})
    a, b, c = categories.categories_of(event.id)
    categories.move_category(c, -1)
    categories.move_category(a, -1)  # the first one stays first
    assert [x.name for x in categories.categories_of(event.id)] == ["A", "C", "B"]


def test_only_open_and_approval_categories_are_offered_to_self_registration(make_event):
    event = make_event()
    categories.add_presets(event)
    offered = categories.self_registering(categories.categories_of(event.id))
    assert {c.admission for c in offered} == {APPROVAL}
    assert "member_state" not in {c.key for c in offered}
    other = make_event()
    categories.add_presets(other)
    assert categories.category_of_event(event.id, offered[0].id) is offered[0]
    assert categories.category_of_event(other.id, offered[0].id) is None
    assert categories.category_of_event(event.id, "nonsense") is None
    assert db.session.scalar(select(ParticipantCategory).where(ParticipantCategory.key == "igo",
                                                               ParticipantCategory.event_id == other.id))


def test_a_key_taken_at_the_same_moment_is_a_clear_refusal_not_an_error(make_event, monkeypatch):
    event = make_event()
    categories.add_category(event, VALUES)
    # As if another tab saved "Youth delegate" between this one's checks and its insert.
    monkeypatch.setattr(categories, "_same_name", lambda *args: False)
    monkeypatch.setattr(categories, "free_key", lambda *args: "youth_delegate")
    with pytest.raises(categories.CategoryProblem):
        categories.add_category(event, VALUES)
    assert len(categories.categories_of(event.id)) == 1
