"""Public-order objects for the authorisation-matrix tests (accounts/tests/test_authorisation_matrix.py):
one of each kind in a gemeente, keyed as the matrix paths name them (``{po_demonstration}`` ...)."""

from __future__ import annotations

import datetime as dt

from veiligheidsbeeld.core.calendar import AMSTERDAM


def publicorder_objects(gemeente) -> dict:
    """A notice, an event, a camera designation, a youth group at step 1 and one at step 2B (with a name), and
    the id of a wijk, all of ``gemeente``; created by the services without an actor."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.publicorder import services
    from veiligheidsbeeld.publicorder.models import YouthGroupMember

    wijk = Area.objects.filter(gemeente=gemeente, level="wijk").order_by("code").first()
    start = dt.datetime(2026, 12, 9, 14, tzinfo=AMSTERDAM)
    notice = services.register_notice(
        gemeente, kind="betoging", received_at=start - dt.timedelta(days=7), starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Matrixplein", organiser_name="Matrix Organisator", wijk=wijk,
    )
    event = services.register_event(
        gemeente, name="Matrixfeest", kind="melding", received_on=dt.date(2026, 8, 1), starts_at=start,
        ends_at=start + dt.timedelta(hours=5), location="Park", visitors=100, wijk=wijk,
    )
    camera = services.designate_cameras(
        gemeente, title="Matrixcamera's", mode="flexible", decided_on=dt.date(2026, 11, 1),
        valid_from=dt.date(2026, 11, 2), valid_until=dt.date(2027, 11, 1), wijk=wijk,
        area={"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]},
    )
    group = services.register_youth_group(gemeente, name="Matrixgroep", home_wijk=wijk,
                                          first_signal_on=dt.date(2026, 10, 1))
    listed = services.register_youth_group(gemeente, name="Matrixgroep 2B", home_wijk=wijk,
                                           first_signal_on=dt.date(2026, 1, 1))
    signal = services.record_signal(gemeente, received_on=dt.date(2026, 12, 1), source_type="sleutelfiguur",
                                    source_pseudonym="SF-MATRIX", wijk=wijk, theme="polarisatie", phase="latent",
                                    urgency="low", summary="Matrixsignaal")
    operation = services.create_operation(gemeente, name="Matrixoperatie", kind="oud_en_nieuw",
                                          starts_on=dt.date(2026, 12, 31), ends_on=dt.date(2027, 1, 1))
    for step in ("2A", "2B"):
        services.change_step(listed, step)
    YouthGroupMember.objects.create(group=listed, name="Matrix Persoon", reference="m_matrix{}".format(listed.pk),
                                    added_at=start)
    return {"po_demonstration": notice.pk, "po_event": event.pk, "po_camera": camera.pk, "po_group": group.pk,
            "po_group_2b": listed.pk, "po_wijk": wijk.pk, "po_signal": signal.pk, "po_operation": operation.pk, "po_gemeente": gemeente.code}
