"""Personal data encrypted with keys from configuration; rotation to a new key; nothing readable stored."""
import pytest
from cryptography.fernet import Fernet

from core import crypto


@pytest.fixture
def keys(app):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["PERSONAL_DATA_KEYS"] = [old]
    return old, new


def test_a_value_is_stored_unreadable_and_read_back(keys):
    token = crypto.encrypt("ZX98Q7W6E")

    assert "ZX98Q7W6E" not in token and crypto.decrypt(token) == "ZX98Q7W6E"
    assert crypto.encrypt("ZX98Q7W6E") != token  # a random IV each time: equal values do not show


def test_rotation_moves_a_value_to_the_newest_key_and_the_old_key_can_then_go(app, keys):
    old, new = keys
    token = crypto.encrypt("1985-04-02")
    app.config["PERSONAL_DATA_KEYS"] = [new, old]  # the new key first: it encrypts, both decrypt

    rotated = crypto.rotate(token)

    app.config["PERSONAL_DATA_KEYS"] = [new]
    assert crypto.decrypt(rotated) == "1985-04-02"
    with pytest.raises(crypto.UnreadableData):
        crypto.decrypt(token)  # what was not rotated is lost with the old key


def test_a_value_no_key_reads_is_refused_clearly(app, keys):
    token = crypto.encrypt("secret")
    app.config["PERSONAL_DATA_KEYS"] = [Fernet.generate_key().decode()]

    with pytest.raises(crypto.UnreadableData):
        crypto.decrypt(token)


def test_without_configured_keys_development_derives_one_from_the_secret_key(app):
    app.config["PERSONAL_DATA_KEYS"] = []

    assert crypto.decrypt(crypto.encrypt("x")) == "x"
    assert crypto.development_key("a") != crypto.development_key("b")
