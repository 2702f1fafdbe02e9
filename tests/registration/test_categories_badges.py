"""A meeting's badge: the band in the participant category's colour, its label printed on it."""
from flask_babel import force_locale

from core.extensions import db
from registration import badges, category_services
from tests.core.test_pdf import pdf_text
from tests.registration.onsite import confirmed


def test_the_band_and_its_word_come_from_the_category(app, make_event, tmp_path):
    event = make_event(languages=["en", "fr"])
    category_services.add_presets(event)
    observer = category_services.category_by_key(event.id, "observer_state")
    observer.translations = {"fr": {"name": "État observateur", "badge_label": "Observateur"}}
    db.session.commit()
    person = confirmed(event, full_name="Aminata Diallo", category_id=observer.id)

    text = pdf_text(badges.badge_pdf(person), tmp_path)
    assert "Observer" in text and "Government agency or body" not in text  # not the stakeholder group
    html = badges._document(event, [person], badges.design_of(event.id))
    assert "background: #56B4E9" in html

    with force_locale("fr"):
        assert "Observateur" in pdf_text(badges.badge_pdf(person), tmp_path)


def test_a_category_without_a_label_prints_its_name_and_none_the_group(app, make_event, tmp_path):
    event = make_event()
    own = category_services.add_category(event, {"name": "Youth delegate", "admission": "open", "capacity": None,
                                                 "badge_colour": "#AA3377", "badge_label": "", "is_listed": True})
    with_category = confirmed(event, full_name="Kofi Osei", category_id=own.id)
    without = confirmed(event, full_name="Ana Ferreira")

    assert "Youth delegate" in pdf_text(badges.badge_pdf(with_category), tmp_path)
    assert "Government agency or body" in pdf_text(badges.badge_pdf(without), tmp_path)


def test_a_country_that_is_the_organisation_is_printed_once(app, make_event, tmp_path):
    event = make_event()
    head = confirmed(event, full_name="Achieng Otieno", organisation="Kenya", country="KE")
    other = confirmed(event, full_name="Wanjiru Kamau", organisation="Kenya Cultural Centre", country="KE")

    assert pdf_text(badges.badge_pdf(head), tmp_path).count("Kenya") == 1
    assert pdf_text(badges.badge_pdf(other), tmp_path).count("Kenya") == 2  # the organisation, then the country
    with force_locale("fr"):
        assert "Kenya" in pdf_text(badges.badge_pdf(head), tmp_path)


def test_the_badge_page_says_the_bands_come_from_the_categories(client, make_event, login):
    event = make_event()
    login(event.team[0].user)
    url = f"/events/{event.slug}/manage/badges"
    assert "apply only to people without a category" not in client.get(url).get_data(as_text=True)

    category_services.add_presets(event)
    page = client.get(url).get_data(as_text=True)
    assert "each badge's band takes its category's colour and label" in page
    assert "The colours below apply only to people without a category." in page
    assert f'href="/events/{event.slug}/manage/categories"' in page
