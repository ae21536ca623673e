"""The WOM grounds per decision kind and the steps of the 7-stappenmodel (publicorder/workflow.py)."""

from __future__ import annotations

import pytest

from veiligheidsbeeld.publicorder.workflow import InvalidTransition, check_ground, check_step

# (kind, ground, allowed)
GROUNDS = [
    ("verbod", "late_notice", True),  # art. 5 lid 2 a
    ("verbod", "late_data", True),  # art. 5 lid 2 b
    ("verbod", "disorder", True),  # art. 5 lid 2 c jo. art. 2
    ("verbod", "", False),  # a ban without a ground
    ("verbod", "breach", False),  # art. 7 only
    ("voorschrift", "traffic", True),
    ("voorschrift", "late_notice", False),  # lateness is no ground for a requirement
    ("beperking", "health", True),
    ("aanwijzing", "disorder", True),
    ("aanwijzing", "late_data", False),
    ("beeindiging", "breach", True),
    ("beeindiging", "", False),
]


@pytest.mark.parametrize("kind, ground, allowed", GROUNDS)
def test_grounds(kind, ground, allowed):
    if allowed:
        check_ground(kind, ground)
    else:
        with pytest.raises(InvalidTransition, match="allowed:"):
            check_ground(kind, ground)


STEPS = [("1", "2A", True), ("2A", "2B", True), ("2A", "closed", True), ("1", "2B", False), ("2B", "3", True),
         ("4", "7", True), ("6", "7", True), ("7", "6", True), ("7", "closed", True), ("closed", "1", False),
         ("3", "5", False)]


@pytest.mark.parametrize("old, new, allowed", STEPS)
def test_steps(old, new, allowed):
    if allowed:
        check_step(old, new)
    else:
        with pytest.raises(InvalidTransition):
            check_step(old, new)
