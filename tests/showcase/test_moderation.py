"""The organisers' moderation queue: booths and material approved or rejected (with a reason), every decision
on record, the booth's owners told by e-mail, and no decision applied twice or to something that changed."""
import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from core.extensions import db
from showcase import materials
from showcase.models import (APPROVED, ASSIGNED, DRAFTING, PENDING, REJECTED, SUBMITTED, BoothPlace, MaterialItem,
                             ModerationDecision)
from tests.conftest import page_text, text_of
from tests.showcase.fair import beneficiary_booth, make_booth, make_fair, make_organisation
from tests.showcase.test_materials import photo, png_bytes


@pytest.fixture
def fair(make_event):
    return make_fair(make_event, title="Knowledge Fair 2027")


@pytest.fixture
def organiser(fair, login):
    user = fair.team[0].user
    login(user)
    return user


def queue_url(fair) -> str:
    return f"/events/{fair.slug}/fair/moderation"


def decide_item(client, fair, item, action, reason="", version=None):
    from showcase.moderation import item_version

    return client.submit(f"/events/{fair.slug}/fair/moderation/items/{item.id}",
                         {action: action.title(), "reason": reason, "version": version or item_version(item)},
                         form_url=queue_url(fair))


def decide_booth(client, fair, booth, action, reason="", version=None):
    from showcase.moderation import booth_version

    return client.submit(f"/events/{fair.slug}/fair/moderation/booths/{booth.id}",
                         {action: action.title(), "reason": reason, "version": version or booth_version(booth)},
                         form_url=queue_url(fair))


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def decisions() -> list[ModerationDecision]:
    db.session.expire_all()
    return db.session.scalars(select(ModerationDecision).order_by(ModerationDecision.id)).all()


@pytest.fixture
def pending_image(fair, make_user):
    owner, booth = beneficiary_booth(make_user, fair)
    item = materials.add_item(booth, "image", "Studio day", upload=FileStorage(io.BytesIO(photo()), filename="a.jpg"))
    return owner, booth, item


def test_the_queue_shows_pending_material_with_a_preview_and_the_organiser_approves_it(
        app, client, fair, organiser, pending_image, make_user):
    owner, booth, item = pending_image
    document = materials.add_item(booth, "video", "Our film", link="https://vimeo.com/76979871")

    page = client.get(queue_url(fair)).get_data(as_text=True)
    assert f"/showcase/materials/{item.id}/thumbnail" in page and "Studio day" in page
    assert "Watch on Vimeo" in page_text(page) and "Harare Creative Hub Trust" in page
    assert app.test_client().get(f"/showcase/materials/{item.id}/file").status_code == 404  # not public yet
    assert client.get(f"/showcase/materials/{item.id}/file").status_code == 200  # the organiser sees it

    response = decide_item(client, fair, item, "approve")

    assert response.status_code == 302
    assert fresh(MaterialItem, item.id).status == APPROVED
    assert [i.id for i in materials.public_items(booth)] == [item.id]
    assert app.test_client().get(f"/showcase/materials/{item.id}/file").status_code == 200
    [decision] = decisions()
    assert (decision.item_id, decision.subject, decision.decision, decision.by_user_id, decision.reason) == (
        item.id, "image: Studio day", APPROVED, organiser.id, "")
    page = client.get(queue_url(fair)).get_data(as_text=True)
    assert f"/showcase/materials/{item.id}/thumbnail" not in page  # out of the queue
    assert "Our film" in page and document.status == PENDING
    history = page_text(page)[page_text(page).index("Decisions"):]
    assert "Image: Studio day" in history and "Approved" in history and organiser.full_name in history


def test_a_rejection_needs_a_reason_and_the_owner_reads_it_by_email_and_on_the_booth(
        app, client, fair, organiser, pending_image, smtp_server):
    owner, booth, item = pending_image

    missing = decide_item(client, fair, item, "reject", reason="   ")
    assert missing.status_code == 400
    assert "Say why it is rejected" in page_text(missing.get_data(as_text=True))
    too_long = decide_item(client, fair, item, "reject", reason="x" * 2001)
    assert too_long.status_code == 400 and "At most 2000 characters." in page_text(too_long.get_data(as_text=True))
    assert 'x' * 2001 in too_long.get_data(as_text=True)  # what was typed is kept
    assert fresh(MaterialItem, item.id).status == PENDING and decisions() == [] and smtp_server.messages == []

    response = decide_item(client, fair, item, "reject", reason="The photo shows people who did not agree to it.")

    assert response.status_code == 302
    item = fresh(MaterialItem, item.id)
    assert (item.status, item.reason) == (REJECTED, "The photo shows people who did not agree to it.")
    [decision] = decisions()
    assert (decision.decision, decision.reason) == (REJECTED, item.reason)
    mail = smtp_server.last_to(owner.email)
    assert mail["Subject"] == "Material on your booth at Knowledge Fair 2027 was not accepted"
    body = text_of(mail)
    assert "“Studio day”" in body and "did not agree to it." in body and f"/showcase/booths/{booth.id}" in body
    assert app.test_client().get(f"/showcase/materials/{item.id}/file").status_code == 404
    client.submit("/account/logout", form_url="/")
    from tests.conftest import PASSWORD
    client.submit("/account/login", {"email": owner.email, "password": PASSWORD})
    booth_page = page_text(client.get(f"/showcase/booths/{booth.id}").get_data(as_text=True))
    assert "Not accepted" in booth_page and "did not agree to it." in booth_page


def test_an_approved_item_edited_goes_back_to_the_queue_and_leaves_the_public_page(
        app, client, fair, organiser, pending_image):
    owner, booth, item = pending_image
    decide_item(client, fair, item, "approve")
    assert materials.public_items(booth)

    materials.update_item(fresh(MaterialItem, item.id), "Studio day (new)",
                          upload=FileStorage(io.BytesIO(png_bytes()), filename="b.png"))

    assert fresh(MaterialItem, item.id).status == PENDING
    assert materials.public_items(booth) == []
    assert app.test_client().get(f"/showcase/materials/{item.id}/file").status_code == 404
    assert "Studio day (new)" in client.get(queue_url(fair)).get_data(as_text=True)


def test_a_second_decision_or_one_on_a_changed_item_is_refused_and_not_applied(
        app, client, fair, organiser, pending_image, smtp_server):
    owner, booth, item = pending_image
    from showcase.moderation import item_version
    seen = item_version(item)
    assert decide_item(client, fair, item, "approve", version=seen).status_code == 302

    again = decide_item(client, fair, fresh(MaterialItem, item.id), "reject", reason="Too late", version=seen)

    assert again.status_code == 302
    assert "decided already, or changed since you opened the page" in page_text(
        client.get(again.location).get_data(as_text=True))
    assert fresh(MaterialItem, item.id).status == APPROVED and len(decisions()) == 1 and smtp_server.messages == []

    # The beneficiary replaces the file while the organiser looks at the old one: the old look decides nothing.
    materials.update_item(fresh(MaterialItem, item.id), "Studio day", upload=FileStorage(io.BytesIO(png_bytes()),
                                                                                          filename="b.png"))
    stale = decide_item(client, fair, fresh(MaterialItem, item.id), "approve", version=seen)
    assert stale.status_code == 302 and fresh(MaterialItem, item.id).status == PENDING and len(decisions()) == 1
    # An item deleted meanwhile: the same message, not an error.
    gone_id = item.id
    materials.delete_item(fresh(MaterialItem, item.id))
    gone = client.submit(f"/events/{fair.slug}/fair/moderation/items/{gone_id}",
                         {"approve": "Approve", "version": seen}, form_url=queue_url(fair))
    assert gone.status_code == 302 and "decided already" in page_text(client.get(gone.location).get_data(as_text=True))


def test_two_organisers_deciding_at_once_record_one_decision(app, fair, organiser, pending_image):
    from showcase import moderation

    owner, booth, item = pending_image
    version = moderation.item_version(item)
    # The second organiser loaded the item before the first one's decision was committed.
    db.session.execute(MaterialItem.__table__.update().where(MaterialItem.id == item.id).values(status=APPROVED))

    with pytest.raises(moderation.DecisionRefused):
        moderation.decide_item(item, True, "", organiser, version)  # `item` still reads "pending" in memory

    db.session.rollback()
    assert decisions() == []


def test_approving_a_submitted_booth_makes_it_public_and_tells_its_owner(
        app, client, fair, organiser, make_user, smtp_server):
    owner = make_user(roles=("beneficiary",), email="owner@hub.example.org", locale="fr")
    booth = make_booth(fair, make_organisation(owner), status=SUBMITTED, pitch="Hear our musicians.")
    place = db.session.scalars(select(BoothPlace).where(BoothPlace.number == 3)).first()
    booth.place_id = place.id
    db.session.commit()
    page = client.get(queue_url(fair)).get_data(as_text=True)
    assert "Hear our musicians." in page and "Submitted for approval" in page

    response = decide_booth(client, fair, booth, "approve")

    assert response.status_code == 302
    booth = fresh(type(booth), booth.id)
    assert (booth.status, booth.approved_pitch, booth.is_public) == (ASSIGNED, "Hear our musicians.", True)
    [decision] = decisions()
    assert (decision.subject, decision.decision, decision.item_id) == ("pitch", APPROVED, None)
    mail = smtp_server.last_to(owner.email)
    assert "Knowledge Fair 2027" in mail["Subject"] and f"/showcase/booths/{booth.id}" in text_of(mail)
    assert '<html lang="fr" dir="ltr">' in mail.get_body(preferencelist=("html",)).get_content()  # in the owner's language
    assert "Booth and pitch" in page_text(client.get(queue_url(fair)).get_data(as_text=True))


def test_a_submitted_booth_without_a_place_becomes_approved(app, client, fair, organiser, make_user):
    owner = make_user(roles=("beneficiary",))
    booth = make_booth(fair, make_organisation(owner), status=SUBMITTED)

    decide_booth(client, fair, booth, "approve")

    assert fresh(type(booth), booth.id).status == APPROVED


def test_rejecting_a_submitted_booth_sends_it_back_to_drafting_with_the_reason(
        app, client, fair, organiser, make_user, smtp_server):
    owner = make_user(roles=("beneficiary",), email="owner@hub.example.org")
    booth = make_booth(fair, make_organisation(owner), status=SUBMITTED)

    assert decide_booth(client, fair, booth, "reject").status_code == 400
    assert fresh(type(booth), booth.id).status == SUBMITTED and smtp_server.messages == []
    assert decide_booth(client, fair, booth, "reject", reason="Say what the project achieved.").status_code == 302

    booth = fresh(type(booth), booth.id)
    assert (booth.status, booth.approved_pitch, booth.is_public) == (DRAFTING, "", False)
    [decision] = decisions()
    assert (decision.decision, decision.reason) == (REJECTED, "Say what the project achieved.")
    mail = smtp_server.last_to(owner.email)
    assert mail["Subject"] == "Your booth at Knowledge Fair 2027 needs changes"
    assert "Say what the project achieved." in text_of(mail)
    assert "No booth is waiting." in page_text(client.get(queue_url(fair)).get_data(as_text=True))
    # Decided once: a second decision on the same look is refused.
    decide_booth(client, fair, booth, "approve", version="stale")
    assert fresh(type(booth), booth.id).status == DRAFTING and len(decisions()) == 1


def test_a_changed_pitch_of_an_approved_booth_waits_and_is_approved_or_refused(
        app, client, fair, organiser, make_user, smtp_server):
    owner = make_user(roles=("beneficiary",), email="owner@hub.example.org")
    booth = make_booth(fair, make_organisation(owner), pitch="Old pitch.")
    booth.pitch = "New pitch with a typo."
    db.session.commit()
    assert booth.has_pitch_pending
    page = page_text(client.get(queue_url(fair)).get_data(as_text=True))
    assert "Approved booth: new text" in page and "Old pitch." in page and "New pitch with a typo." in page

    decide_booth(client, fair, booth, "reject", reason="Fix the typo.")

    booth = fresh(type(booth), booth.id)
    assert (booth.pitch, booth.approved_pitch, booth.status) == ("Old pitch.", "Old pitch.", APPROVED)
    body = text_of(smtp_server.last_to(owner.email))
    assert "Fix the typo." in body and "New pitch with a typo." in body  # what they wrote is not lost

    booth.pitch = "New pitch."
    db.session.commit()
    decide_booth(client, fair, booth, "approve")
    booth = fresh(type(booth), booth.id)
    assert (booth.pitch, booth.approved_pitch, booth.status) == ("New pitch.", "New pitch.", APPROVED)
    subject = smtp_server.last_to(owner.email)["Subject"]
    assert subject == "The new text of your booth at Knowledge Fair 2027 is approved"
    assert [d.decision for d in decisions()] == [REJECTED, APPROVED]


def test_only_the_fairs_organisers_moderate(app, client, fair, make_event, make_user, login, pending_image):
    owner, booth, item = pending_image
    login(owner)
    assert client.get(queue_url(fair)).status_code == 403
    assert decide_item(client, fair, item, "approve").status_code == 403
    assert fresh(MaterialItem, item.id).status == PENDING

    other_fair = make_fair(make_event)
    client.submit("/account/logout", form_url="/")
    login(other_fair.team[0].user)
    assert decide_item(client, other_fair, item, "approve").status_code == 404  # not this fair's item
    assert decide_booth(client, other_fair, booth, "approve").status_code == 404
    assert fresh(MaterialItem, item.id).status == PENDING and decisions() == []
    conference = make_event(team=[other_fair.team[0].user])
    assert client.get(f"/events/{conference.slug}/fair/moderation").status_code == 404


def test_the_queue_page_makes_the_same_queries_for_one_booth_or_many(app, client, fair, organiser, make_user,
                                                                       count_queries):
    def add_booth(number):
        owner = make_user(roles=("beneficiary",))
        booth = make_booth(fair, make_organisation(owner, name=f"Organisation {number}"), status=SUBMITTED)
        materials.add_item(booth, "video", f"Film {number}", link="https://vimeo.com/76979871")
        materials.add_item(booth, "image", f"Poster {number}", upload=FileStorage(io.BytesIO(png_bytes()),
                                                                                  filename="p.png"))

    url = queue_url(fair)
    add_booth(1)
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for number in range(2, 7):
        add_booth(number)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Film 6" in page and "Organisation 6" in page
    assert many.count == one.count
