import pytest

from veiligheidsbeeld.programmes.choices import Status
from veiligheidsbeeld.programmes.workflow import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    allowed_next,
    check_transition,
)

# (old, new, allowed)
CASES = [
    ("gepland", "lopend", True),
    ("gepland", "gestopt", True),
    ("gepland", "afgerond", False),
    ("lopend", "afgerond", True),
    ("lopend", "gestopt", True),
    ("lopend", "gepland", False),
    ("afgerond", "lopend", False),
    ("gestopt", "lopend", False),
    ("gestopt", "gepland", False),
    ("lopend", "lopend", False),
]


@pytest.mark.parametrize("old,new,allowed", CASES)
def test_check_transition(old, new, allowed):
    if allowed:
        check_transition(old, new)
    else:
        with pytest.raises(InvalidTransition, match="cannot change"):
            check_transition(old, new)


def test_every_status_has_an_entry_and_final_states_are_final():
    assert set(ALLOWED_TRANSITIONS) == set(Status.values)
    assert allowed_next(Status.AFGEROND) == [] and allowed_next(Status.GESTOPT) == []
    assert allowed_next(Status.GEPLAND) == [Status.LOPEND, Status.GESTOPT]
