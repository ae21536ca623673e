"""The audit actions of the public-order module (imported by core/tests/test_audit_every_write.py)."""

#: Every action this module writes; core/tests/test_audit_every_write.py names them in ELSEWHERE.
ACTIONS = frozenset({
    "camera_designation_evaluated", "camera_designation_registered", "camera_period_added", "demonstration_decided",
    "demonstration_decision_made_known", "demonstration_evaluated", "demonstration_organiser_data_purged",
    "demonstration_registered", "demonstration_status_changed", "event_classified", "event_decided",
    "event_evaluated", "event_registered", "operation_area_added", "operation_created", "operation_evaluated", "tension_signal_recorded", "youth_group_member_added",
    "youth_group_name_list_access_granted", "youth_group_name_lists_purged", "youth_group_prioritised",
    "youth_group_registered", "youth_group_step_changed", "youth_group_updated",
})
