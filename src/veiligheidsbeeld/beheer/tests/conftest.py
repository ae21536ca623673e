from veiligheidsbeeld.accounts.tests.conftest import make_user, organisation, other_gemeente  # noqa: F401
