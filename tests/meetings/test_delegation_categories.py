"""A category a delegation nominates in stays while the delegation does: its members would otherwise register
in no category (confirmed without the delegation's approval where the event confirms at once) or meet an error
page (where the database does not set the delegation's category to nothing: SQLite)."""
from sqlalchemy import select

from core.extensions import db
from registration.categories import ParticipantCategory
from tests.meetings.test_delegations import kenya, log_out, meeting, nominate  # noqa: F401 (fixtures)


def test_a_category_a_delegation_uses_is_not_removed(kenya, client, login, make_user, smtp_server):  # noqa: F811
    event, delegation, _, organiser = kenya
    category = db.session.scalar(select(ParticipantCategory))
    category_id, slug, delegation_id = category.id, event.slug, delegation.id
    nominate(client, delegation_id, "member@kenya.example", "Otieno Odhiambo")
    log_out(client)
    login(organiser)

    answer = client.submit(f"/events/{slug}/manage/categories/{category_id}/remove",
                           form_url=f"/events/{slug}/manage/categories", follow_redirects=True)

    assert "Delegations nominate their members in this category (Kenya)" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ParticipantCategory, category_id) is not None
