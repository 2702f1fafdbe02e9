"""Signals that let a lower floor tell higher packages something happened, without importing them."""
from blinker import Namespace

_signals = Namespace()

#: Sent with `locale=` when someone picks a language in the switcher (accounts saves it to the profile).
language_chosen = _signals.signal("language-chosen")

#: Sent with `user=` when someone downloads their data: each receiver returns {section name: JSON-able data}.
personal_data_requested = _signals.signal("personal-data-requested")

#: Sent with `user=` inside the transaction that deletes an account, before the row goes: receivers
#: anonymise what must outlive it (registrations keep the counts) or raise AccountStillNeeded.
account_deleting = _signals.signal("account-deleting")


#: Sent with `registration=` inside the transaction in which a person withdraws their consent that
#: knowledge-fair booths keep their details: receivers forget what was kept on that consent.
exhibitor_consent_withdrawn = _signals.signal("exhibitor-consent-withdrawn")

#: Sent with `event_id=` (None for the lists of events) before a page remembered for visitors is sent:
#: each receiver returns a value that changes whenever what its package shows on that page changes.
public_page_version = _signals.signal("public-page-version")

#: Sent with `event=` by the organiser's overview of an event: each receiver returns a list of
#: core.overview.Figure and core.overview.Task (what its package counts, and what is left to do).
event_overview_requested = _signals.signal("event-overview-requested")

#: Sent with `user=` by the home page of someone logged in: each receiver returns a list of
#: core.overview.HomeSection (their registrations, the events they organise, their desks, their booths).
home_page_requested = _signals.signal("home-page-requested")

#: Sent with `category=` (a registration.categories.ParticipantCategory) before an organiser removes it: each
#: receiver returns why its package still needs it (a sentence for the organiser), or None.
category_removing = _signals.signal("category-removing")

#: Sent with `registrations=` by "My registrations": each receiver returns {registration id: [(label, url)]},
#: the links its package adds under each registration (meetings: the visa-support letter).
registration_links = _signals.signal("registration-links")

#: Sent with `user=` (logged in) and `session=` by a session's page: a receiver returns the address of the
#: person's own link to join the session online (registration.online), or None. Never for visitors.
session_join_link = _signals.signal("session-join-link")


#: Sent with `job=` (in the caller's transaction) the first time a page finds a job waiting for an RQ worker
#: that is not running: the administrators are told (accounts knows who they are).
job_stuck = _signals.signal("job-stuck")


#: Sent with `event=` and `user=` (logged in) by pages that show what only an event's participants may see
#: (materials of the programme for registered participants): a receiver returns True when the user holds a
#: confirmed place at the event (registration answers).
event_participant_asked = _signals.signal("event-participant-asked")


#: Sent with `event=`, `old=` and `new=` (language codes) inside the transaction in which an event's first
#: working language changes: each package moves the texts of what it holds for the event (questions, the
#: privacy notice, surveys, booths' pitches) with core.multilingual.change_source_language.
first_language_changed = _signals.signal("first-language-changed")


class AccountStillNeeded(Exception):
    """Raised by an `account_deleting` receiver, with the reason in words, to stop the deletion."""
