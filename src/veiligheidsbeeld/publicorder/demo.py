"""Fictitious public-order records for the demo gemeente: one week of demonstrations, an event of each risk
class, a flexible camera designation, tension signals and two youth groups. Every name is clearly fictitious."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.core.calendar import AMSTERDAM

from . import services
from .choices import Step
from .models import PublicOrderSettings

__all__ = ["build_demo"]


def _centroid(area) -> tuple[float, float]:
    import shapely

    point = shapely.geometry.shape(area.geometry).centroid
    return round(point.x, 5), round(point.y, 5)


def _box(x, y, d=0.004) -> dict:
    return {"type": "Polygon", "coordinates": [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d],
                                                [x - d, y - d]]]}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)


def build_demo(gemeente, users, organisations) -> dict:
    """Add the week; returns counts for the demo summary."""
    adviser = users.get("beleidsadviseur")
    regisseur = users.get("procesregisseur")
    wijken = list(Area.objects.filter(gemeente=gemeente, level="wijk", geometry__isnull=False).order_by("code")[:6])
    if not wijken:
        return {"skipped": "no wijken with a boundary"}
    wijken = [wijken[i % len(wijken)] for i in range(6)]  # a small gemeente repeats its wijken
    centre = wijken[0]
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)  # the coming Monday
    PublicOrderSettings.objects.get_or_create(gemeente=gemeente)
    (x0, y0), (x1, y1), (x2, y2) = (_centroid(w) for w in wijken[:3])

    # -- demonstrations: on time, late (Friday evening for Monday), a meeting; decisions with their grounds
    climate = services.register_notice(
        gemeente, kind="betoging", received_at=_at(monday - dt.timedelta(days=10), 10),
        organiser_name="Stichting Voorbeeldactie (fictief)", organiser_contact="info@voorbeeldactie.example",
        leader_name="Fictieve Leider A", starts_at=_at(monday + dt.timedelta(days=2), 13),
        ends_at=_at(monday + dt.timedelta(days=2), 16), place="Grote Markt (fictief)", wijk=wijken[0],
        route={"type": "LineString", "coordinates": [[x0, y0], [x1, y1]]}, expected_participants=800,
        organiser_measures="Twintig eigen verkeersregelaars; EHBO-post.", actor=adviser,
    )
    services.decide_on_demonstration(
        climate, kind="voorschrift", ground="traffic", content="Route via de Oosterstraat; kruising vrijhouden "
        "voor hulpdiensten.", decided_at=_at(monday - dt.timedelta(days=3), 11), actor=adviser,
        made_known_at=_at(monday - dt.timedelta(days=3), 15),
    )
    late = services.register_notice(
        gemeente, kind="betoging", received_at=_at(monday - dt.timedelta(days=3), 19),
        organiser_name="Comité Testprotest (fictief)", organiser_contact="06-00000000 (fictief)",
        leader_name="Fictieve Leider B", starts_at=_at(monday, 14), ends_at=_at(monday, 15, 30),
        place="Stadhuisplein (fictief)", wijk=wijken[1], route={"type": "Point", "coordinates": [x1, y1]},
        expected_participants=60, organiser_measures="", actor=adviser,
    )
    services.decide_on_demonstration(
        late, kind="beperking", ground="disorder", content="Alleen op het Stadhuisplein, niet op de brug (fictief).",
        decided_at=_at(monday - dt.timedelta(days=2), 10), actor=adviser,
    )
    meeting = services.register_notice(
        gemeente, kind="vergadering", received_at=_at(monday - dt.timedelta(days=14), 9),
        organiser_name="Vereniging Denkbeeld (fictief)", organiser_contact="secretaris@denkbeeld.example",
        leader_name="Fictieve Voorzitter C", starts_at=_at(monday + dt.timedelta(days=4), 19),
        ends_at=_at(monday + dt.timedelta(days=4), 21), place="Park West (fictief)", wijk=wijken[2],
        route={"type": "Point", "coordinates": [x2, y2]}, expected_participants=150, actor=adviser,
    )

    # -- events: A, B, C
    events = []
    for name, cls, visitors, offset, plan in (
        ("Buurtbarbecue Voorbeeldlaan (fictief)", "A", 300, 5, None),
        ("Stadsloop Voorbeeldstad (fictief)", "B", 4000, 5, monday - dt.timedelta(weeks=6)),
        ("Festival Verzonnen Klanken (fictief)", "C", 25000, 6, monday - dt.timedelta(weeks=10)),
    ):
        day = monday + dt.timedelta(days=offset)
        event = services.register_event(
            gemeente, name=name, kind="melding" if cls == "A" else "vergunning", organiser="Fictieve Events BV",
            received_on=day - dt.timedelta(weeks=16), starts_at=_at(day, 12), ends_at=_at(day, 23),
            location=name.split(" (")[0], wijk=wijken[offset % len(wijken)], visitors=visitors,
            geometry=_box(*_centroid(wijken[offset % len(wijken)])), actor=adviser,
            activity_profile="Muziek en sport" if cls != "A" else "Buurtactiviteit",
            audience_profile="Gemengd publiek, ook gezinnen", spatial_profile="Openbare weg en park",
            organisation_profile="Ervaren organisator" if cls != "A" else "Bewonersgroep",
        )
        services.classify_event(event, cls, safety_plan_received_on=plan, actor=adviser,
                                advice_police="Geen bezwaar" if cls != "C" else "Extra inzet nodig",
                                advice_fire="Vluchtwegen vrijhouden", advice_ghor="EHBO-post" if cls != "A" else "")
        services.decide_event(event, "acknowledged" if cls == "A" else "granted",
                              decided_on=day - dt.timedelta(weeks=3), actor=adviser)
        events.append(event)
    # an application still being handled: its Awb clock runs
    summer = monday + dt.timedelta(weeks=20)
    events.append(services.register_event(
        gemeente, name="Zomerconcert Stadspark (fictief)", kind="vergunning", organiser="Fictieve Podia BV",
        received_on=today - dt.timedelta(days=10), starts_at=_at(summer, 18), ends_at=_at(summer, 23),
        location="Stadspark", wijk=wijken[3], visitors=6000, geometry=_box(*_centroid(wijken[3])), actor=adviser,
    ))

    # -- a flexible camera designation with a period of use during the demonstration
    cameras = services.designate_cameras(
        gemeente, title="Flexibel cameratoezicht binnenstad (fictief)", area=_box(x0, y0, 0.006), wijk=centre,
        mode="flexible", decided_on=monday - dt.timedelta(days=40), valid_from=monday - dt.timedelta(days=30),
        valid_until=monday + dt.timedelta(days=335), reason="Demonstraties en uitgaansgeweld (fictief)",
        actor=adviser,
    )
    services.add_camera_period(cameras, starts_at=climate.starts_at - dt.timedelta(hours=2),
                               ends_at=climate.ends_at + dt.timedelta(hours=2),
                               ovj_consulted_on=monday - dt.timedelta(days=4), note="Betoging Grote Markt",
                               actor=adviser)

    # -- tension signals
    signals = 0
    for days, source, code, wijk, theme, phase, urgency, text in (
        (6, "sleutelfiguur", "SF-017", wijken[1], "polarisatie", "rising", "medium",
         "Onrust na een discussieavond; groepen spreken elkaar aan op straat (fictief)."),
        (4, "online", "", wijken[1], "online_opruiing", "rising", "high",
         "Oproep in een openbare chatgroep om maandag 'de boel op stelten te zetten' (fictief)."),
        (3, "wijkagent", "", wijken[0], "anti_overheid", "latent", "low",
         "Stickers tegen de gemeente rond het stadhuis (fictief)."),
        (2, "wij", "", wijken[2], "intergroep", "easing", "low",
         "Na bemiddeling rustiger tussen twee groepen jongeren (fictief)."),
    ):
        services.record_signal(
            gemeente, received_on=monday - dt.timedelta(days=days), source_type=source, source_pseudonym=code,
            wijk=wijk, theme=theme, phase=phase, urgency=urgency, summary=text,
            interpretation="Duiding volgt in het wekelijks overleg." if urgency != "high" else
            "Mogelijk verband met de betoging van maandag.", follow_up="", actor=adviser,
        )
        signals += 1

    # -- two youth groups: one just signalled (2A), one in execution with a name list
    new = services.register_youth_group(
        gemeente, name="Groep Voorbeeldplein (fictief)", home_wijk=wijken[2], seen_in=set(wijken[1:3]),
        first_signal_on=today - dt.timedelta(days=20), signals="Overlast bij het winkelcentrum, jonger dan 14.",
        size=8, age_bands={"lt12": 1, "12-15": 7}, actor=adviser,
    )
    services.change_step(new, Step.S2A, note="Is deze groep problematisch?", actor=adviser)
    old = services.register_youth_group(
        gemeente, name="Groep Fictiefpark (fictief)", home_wijk=wijken[0], seen_in=set(wijken[:3]),
        first_signal_on=today - dt.timedelta(days=300), signals="Intimidatie en vernielingen; mobiel per scooter.",
        size=12, age_bands={"12-15": 3, "16-17": 6, "18-23": 3}, actor=adviser,
    )
    for step in (Step.S2A, Step.S2B, Step.S3, Step.S4, Step.S5, Step.S6):
        services.change_step(old, step, actor=regisseur or adviser)
    services.update_youth_duiding(
        old, severity="Overlastgevend met criminele kern (fictief)", risks="Aanwas van jongere broertjes",
        development="Verplaatst zich naar de buurwijken", impact="Bewoners mijden het park",
        group_scan_reference="GS-2026-0042 (fictief)", plan="Persoonsgerichte aanpak kern, jongerenwerk, "
        "cameratoezicht", monitoring="Maandelijks in het jeugdoverleg", next_review_on=monday + dt.timedelta(days=3),
        actor=regisseur or adviser,
    )
    services.set_youth_priority(old, "high", set_on=today - dt.timedelta(days=200), actor=adviser)
    if "politie" in organisations:
        services.grant_name_list_access(old, organisations["politie"],
                                        legal_basis="Convenant jeugdgroepen Voorbeeldstad 2026, art. 4 (fictief)",
                                        actor=regisseur or adviser)
    members = 0
    if regisseur is not None:
        for i, (name, year, role) in enumerate((
            ("Fictief Persoon Een", 2008, "kern"), ("Fictief Persoon Twee", 2009, "kern"),
            ("Fictief Persoon Drie", 2010, "meeloper"),
        )):
            services.add_member(old, name=name, birth_year=year, role_in_group=role, actor=regisseur)
            members += 1
    # -- Oud & Nieuw: the coming turn of the year, with two firework-free zones
    from veiligheidsbeeld.frameworks.models import Theme

    new_year = dt.date(today.year, 12, 31)
    operation = services.create_operation(
        gemeente, name="Oud & Nieuw {}-{} (fictief)".format(new_year.year, new_year.year + 1), kind="oud_en_nieuw",
        starts_on=new_year, ends_on=new_year + dt.timedelta(days=1),
        measures="Vuurwerkvrije zones; extra boa's in de binnenstad; preventief fouilleren (fictief).",
        themes=Theme.objects.filter(code__in=["vuurwerk", "vernieling", "geweld"]), actor=adviser,
    )
    for name, wijk, streets in (("Vuurwerkvrije zone binnenstad (fictief)", wijken[0], "Grote Markt, Vismarkt"),
                                ("Vuurwerkvrije zone dorp Fictiedijk (fictief)", wijken[2], "hele dorpskern")):
        services.add_operation_area(operation, name=name, kind="firework_free", wijk=wijk, streets=streets,
                                    geometry=_box(*_centroid(wijk)), actor=adviser)
    return {
        "operations": 1,
        "demonstrations": 3, "late_notices": int(not late.on_time), "events": len(events), "camera_designations": 1,
        "tension_signals": signals, "youth_groups": 2, "name_list_entries": members, "week_of": monday.isoformat(),
        "meeting": meeting.pk,
    }
