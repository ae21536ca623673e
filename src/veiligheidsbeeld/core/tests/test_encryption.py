"""Identifying fields are ciphertext in the database and readable only with the configured key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from veiligheidsbeeld.core import encryption


@pytest.fixture
def key(settings):
    settings.FIELD_KEY = Fernet.generate_key().decode()
    return settings.FIELD_KEY


def test_round_trip_and_the_stored_form_is_ciphertext(key):
    token = encryption.encrypt("123456782")
    assert token.startswith("enc1:") and "123456782" not in token
    assert encryption.decrypt(token) == "123456782"
    assert encryption.encrypt("123456782") != token  # random IV: equal values do not show as equal


def test_rotation_first_key_encrypts_every_key_decrypts(settings, key):
    old = encryption.encrypt("Jan Fictief")
    settings.FIELD_KEY = "{},{}".format(Fernet.generate_key().decode(), key)
    assert encryption.decrypt(old) == "Jan Fictief"
    settings.FIELD_KEY = Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured, match="FIELD_KEY"):
        encryption.decrypt(old)


def test_a_bad_key_is_named(settings):
    settings.FIELD_KEY = "not-a-key"
    with pytest.raises(ImproperlyConfigured, match="VEILIGHEIDSBEELD_FIELD_KEY"):
        encryption.encrypt("x")


def test_without_a_key_one_is_generated_into_the_data_folder(settings, tmp_path):
    settings.FIELD_KEY, settings.HOME = "", tmp_path
    token = encryption.encrypt("x")
    assert (tmp_path / "field_key").stat().st_mode & 0o777 == 0o600
    assert encryption.decrypt(token) == "x"


def test_the_field_cannot_be_searched(key):
    field = encryption.EncryptedTextField()
    with pytest.raises(TypeError, match="pseudonym"):
        field.get_lookup("exact")
    assert field.get_prep_value("") == "" and field.get_prep_value(None) is None
    assert field.from_db_value(field.get_prep_value("Straat 1"), None, None) == "Straat 1"
