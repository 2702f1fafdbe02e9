"""Signals that let a lower floor tell higher packages something happened, without importing them."""
from blinker import Namespace

_signals = Namespace()

#: Sent with `locale=` when someone picks a language in the switcher (accounts saves it to the profile).
language_chosen = _signals.signal("language-chosen")
