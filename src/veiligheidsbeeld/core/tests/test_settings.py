"""Every environment variable the settings read is documented (``conf.env.VARIABLES``) and in the docs."""

import re
from pathlib import Path

import pytest

from veiligheidsbeeld.conf import env

CONF = Path(env.__file__).parent
REPO = CONF.parents[2]


def test_every_variable_read_by_the_settings_is_documented():
    read = set()
    for path in CONF.glob("*.py"):
        read |= set(re.findall(r"env\.get(?:_bool)?\(\s*\"([A-Z_]+)\"", path.read_text()))
    assert read, "no variables found: the pattern is wrong"
    assert read <= set(env.VARIABLES), "undocumented: {}".format(read - set(env.VARIABLES))


def test_configuration_reference_is_current():
    doc = (REPO / "docs" / "reference" / "configuration.md").read_text()
    assert doc == env.markdown(), "regenerate: python -m veiligheidsbeeld.conf.env > docs/reference/configuration.md"
    assert all("`{}`".format(name) in doc for name in env.VARIABLES)


def test_undocumented_variable_is_a_programming_error():
    with pytest.raises(KeyError, match="undocumented"):
        env.get("SOMETHING_ELSE")


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("Off", False), ("", False)])
def test_get_bool(monkeypatch, value, expected):
    monkeypatch.setenv("DEBUG", value)
    assert env.get_bool("DEBUG") is expected


def test_get_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ValueError, match="DEBUG must be true or false"):
        env.get_bool("DEBUG")


def test_secret_key_is_generated_once_with_private_permissions(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) > 40
    assert env.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
