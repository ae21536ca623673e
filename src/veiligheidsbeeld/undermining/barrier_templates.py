"""Templates of the CCV barrier model (barrièremodel): the steps of a criminal business process.

Sources (DOMAINS.md section 3(a)): mobiele bendes from hetccv.nl (7 steps, as listed there); arbeidsuitbuiting after
the VNG/arbeidsmigratie chain (arbeidsmigratieingoedebanen.nl 2024). The step names of hennep (7 steps) and
vakantieparken (5 steps) follow the CCV counts, but their names were **not verified** against the CCV text (⚠):
adapt the model after creating it. Opportunities, signals and partners are starting points for the local session.
"""

from __future__ import annotations

__all__ = ["TEMPLATES"]


def _steps(*rows):
    return [{"name": name, "opportunities": opp, "signals": sig, "partners": partners} for name, opp, sig, partners in rows]


TEMPLATES: dict[str, dict] = {
    "hennep": {
        "phenomenon": "Hennepteelt",
        "source": "CCV barrièremodel hennep, 7 stappen (stapnamen niet geverifieerd)",
        "steps": _steps(
            ("Financiering en werving", "Contant geld, schulden van kwekers", "Onverklaarbaar vermogen", "Politie, Belastingdienst"),
            ("Locatie verwerven", "Huur zonder toetsing, leegstand", "Snelle huurwisselingen", "Woningcorporaties, gemeente"),
            ("Inrichting kwekerij", "Vrij verkrijgbare kweekmaterialen", "Aankopen growshops", "Politie, handhaving"),
            ("Energie", "Illegale aftap", "Afwijkend verbruik", "Netbeheerder, politie"),
            ("Teelt en verzorging", "Weinig toezicht", "Geur, warmte, dichte ramen", "Wijkagent, buurt"),
            ("Oogst en verkoop", "Transport over de weg", "Verkeersbewegingen op vreemde tijden", "Politie"),
            ("Besteding opbrengsten", "Contante aankopen, vastgoed", "Luxe goederen zonder inkomen", "Belastingdienst, Bibob"),
        ),
    },
    "mobiele-bendes": {
        "phenomenon": "Mobiel banditisme",
        "source": "hetccv.nl, barrièremodel mobiele bendes",
        "steps": _steps(
            ("Inreis", "Open grenzen", "ANPR-hits", "KMar, politie"),
            ("Verblijf", "Goedkope accommodatie zonder registratie", "Wisselende bewoners", "Gemeente, verhuurders"),
            ("Infrastructuur", "Huurauto's, prepaid telefoons", "Snel wisselende voertuigen", "Verhuurbedrijven"),
            ("Delictpleging", "Winkels, woningen", "Patronen in aangiften", "Politie, winkeliers"),
            ("Opslag", "Garageboxen, loodsen", "Veel verkeer bij opslag", "Gemeente, verhuurders"),
            ("Vervoer en handel", "Heling, online verkoop", "Aanbod onder de marktprijs", "Politie, marktplaatsen"),
            ("Gebruik opbrengst", "Geldtransfers", "Contante stortingen", "Banken, FIOD"),
        ),
    },
    "vakantieparken": {
        "phenomenon": "Ondermijning op vakantieparken",
        "source": "CCV, barrièremodel vakantieparken, 5 stappen (stapnamen niet geverifieerd)",
        "steps": _steps(
            ("Toegang tot het park", "Geen toegangscontrole", "Onbekende bewoners", "Parkbeheer, gemeente"),
            ("Verwerving van een object", "Contante aankoop, stromannen", "Aankopen boven de marktwaarde", "Notaris, Bibob"),
            ("Bewoning en gebruik", "Permanente bewoning", "Inschrijvingen BRP ontbreken", "Gemeente, BRP"),
            ("Criminele activiteiten", "Weinig toezicht", "Drugsafval, hennep", "Politie, boa's"),
            ("Besteding opbrengsten", "Vastgoed op het park", "Meerdere objecten per eigenaar", "Belastingdienst"),
        ),
    },
    "arbeidsuitbuiting": {
        "phenomenon": "Arbeidsuitbuiting",
        "source": "VNG, arbeidsmigratieingoedebanen.nl 2024",
        "steps": _steps(
            ("Werving en entree", "Malafide uitzendbureaus", "Wervingskosten, schulden", "Arbeidsinspectie"),
            ("Huisvesting", "Huisvesting via de werkgever", "Overbewoning", "Gemeente, woningcorporaties"),
            ("Registratie", "Geen BRP-inschrijving", "Veel bewoners op één adres", "Gemeente (BRP)"),
            ("Arbeid", "Onderbetaling, lange dagen", "Klachten bij FNV of CoMensha", "Arbeidsinspectie, UWV"),
            ("Verblijf", "Afhankelijkheid van de werkgever", "Ingehouden paspoorten", "Politie, IND"),
            ("Terugkeer", "Ontslag = dakloos", "Plotselinge uitzettingen", "Gemeente, maatschappelijke opvang"),
        ),
    },
}
