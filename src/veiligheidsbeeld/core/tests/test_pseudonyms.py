import datetime as dt

import pytest

from veiligheidsbeeld.core import pseudonyms
from veiligheidsbeeld.core.models import AuditEvent

KEY = b"k" * 32


def test_pseudonyms_are_stable_keyed_and_normalised():
    a = pseudonyms.pseudonym_for_bsn("111222333", key=KEY)
    assert a == pseudonyms.pseudonym_for_bsn(" 111.222.333 ", key=KEY)
    assert a != pseudonyms.pseudonym_for_bsn("111222333", key=b"other key" * 4)
    assert a.startswith("p_") and "111222333" not in a
    b = pseudonyms.pseudonym_for_person("  Jansen-de Vries, É. ", dt.date(1990, 5, 1), key=KEY)
    assert b == pseudonyms.pseudonym_for_person("jansen de vries e", dt.date(1990, 5, 1), key=KEY)
    assert b != pseudonyms.pseudonym_for_person("jansen de vries e", dt.date(1990, 5, 2), key=KEY)


@pytest.mark.parametrize(
    "bsn,message", [("12345", "8 or 9 digits"), ("111222334", "eleven test"), ("abcdefghi", "8 or 9 digits")]
)
def test_invalid_bsn_is_refused(bsn, message):
    with pytest.raises(ValueError, match=message):
        pseudonyms.pseudonym_for_bsn(bsn, key=KEY)


def test_key_comes_from_environment_or_file_or_is_generated_into_the_data_folder(settings, tmp_path):
    settings.PSEUDONYM_KEY, settings.PSEUDONYM_KEY_FILE, settings.HOME = "", "", tmp_path
    generated = pseudonyms.key_from_settings()
    assert len(generated) >= pseudonyms.MIN_KEY_LENGTH and pseudonyms.key_from_settings() == generated
    assert (tmp_path / "pseudonym_key").stat().st_mode & 0o777 == 0o600
    settings.PSEUDONYM_KEY = "short"
    with pytest.raises(pseudonyms.PseudonymKeyMissing, match="at least 32"):
        pseudonyms.key_from_settings()
    secret = tmp_path / "key"
    secret.write_text("f" * 40 + "\n")
    settings.PSEUDONYM_KEY, settings.PSEUDONYM_KEY_FILE = "", str(secret)
    assert pseudonyms.key_from_settings() == b"f" * 40
    settings.PSEUDONYM_KEY_FILE = str(tmp_path / "missing")
    with pytest.raises(pseudonyms.PseudonymKeyMissing, match="does not exist"):
        pseudonyms.key_from_settings()


@pytest.mark.django_db
def test_reidentification_only_in_case_work_and_logged(small_gemeente, analyst):
    from veiligheidsbeeld.accounts.services import create_user

    coordinator = create_user(
        username="regie",
        password="x" * 20,
        role="procesregisseur",
        organisation=analyst.profile.organisation,
        gemeenten=[small_gemeente],
    )
    pseudonym = pseudonyms.pseudonym_for_bsn("111222333", key=KEY)
    with pytest.raises(PermissionError, match="analist may not re-identify persons in"):
        pseudonyms.reidentify(
            analyst, pseudonym, bsn="111222333", purpose="nieuwsgierig", gemeente=small_gemeente, key=KEY
        )
    with pytest.raises(ValueError, match="purpose"):
        pseudonyms.reidentify(
            coordinator, pseudonym, bsn="111222333", purpose=" ", gemeente=small_gemeente, key=KEY
        )
    assert pseudonyms.reidentify(
        coordinator, pseudonym, bsn="111222333", purpose="zaak 17", gemeente=small_gemeente, key=KEY
    )
    event = AuditEvent.objects.get(action="person_data_viewed")
    assert (event.actor_label, event.object_id, event.purpose) == ("regie", pseudonym, "zaak 17")
