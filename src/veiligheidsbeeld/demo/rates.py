"""National registration rates per leaf theme: the input of the Voorbeeldstad demo generator.

Every rate is a national count of police registrations divided by the national population. The counts were
summed once, at development time, from the police StatLine tables as copied in the shared data folder
``nl/politie-nl-trends-misdrijven-overlast-2012-2023`` (``NL_Crime.csv``: 47025NED registered crimes per
SoortMisdrijf code; ``NL_Disorder.csv``: 47021NED nuisance registrations per overlast code; ``NL_Population.csv``:
83474NED yearly mean population). ``codes`` lists, per theme, the police codes that were summed: the codes that
``frameworks/data/mappings.yaml`` maps to the theme in its systems ``politie-misdrijven`` and ``politie-overlast``.
Together they cover every SoortMisdrijf code and every overlast code of those tables once (the totals excepted).

Source of every count: "CBS/Politie, StatLine 47025NED/47021NED, Nederland, 2016-2023"; the rate of a theme is
its 2023 count (:data:`SOURCE`). The yearly counts 2016-2023 give the national trend of each theme.

``urban_factor`` is an assumption, not a measurement: a city of 240,000 inhabitants with a regional centre
function registers more street crime and nuisance per inhabitant than the national mean. The factor is 1.6 for
theft and nuisance that concentrates in a centre with shops and nightlife, 1.3-1.5 for other crime and nuisance,
and 1.0 where the registration follows the victim's address or happens online (fraud, cybercrime) or largely
outside built-up areas (traffic, environmental crime).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["NATIONAL_POPULATION", "RATES", "SOURCE", "YEARS", "ThemeRate"]

SOURCE = "CBS/Politie, StatLine 47025NED/47021NED, Nederland, 2023"

YEARS = (2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023)
"""The years of :attr:`ThemeRate.counts`; the last one is the year of the rate."""

NATIONAL_POPULATION = (17022095, 17122216, 17219950, 17335583, 17435574, 17518478, 17697923, 17870298)
"""Inhabitants of Nederland in :data:`YEARS` (CBS StatLine 83474NED, mean of the monthly figures, rounded)."""


@dataclass(frozen=True)
class ThemeRate:
    """The national registrations of one leaf theme.

    Attributes
    ----------
    theme : str
        Leaf theme code of ``frameworks/data/themes.yaml``.
    codes : tuple of str
        Police codes summed: SoortMisdrijf codes of 47025NED (``1.1.1``) or overlast codes of 47021NED (``E33``).
    counts : tuple of int
        National registrations of those codes in each of :data:`YEARS`.
    urban_factor : float
        Assumed ratio of the rate in a city of 240,000 inhabitants to the national rate.
    """

    theme: str
    codes: tuple[str, ...]
    counts: tuple[int, ...]
    urban_factor: float

    @property
    def per_1000(self) -> float:
        """National registrations per 1,000 inhabitants per year in the last of :data:`YEARS`."""
        return 1000.0 * self.counts[-1] / NATIONAL_POPULATION[-1]

    @property
    def trend(self) -> np.ndarray:
        """National rate per inhabitant in each of :data:`YEARS`, relative to the last year (index 1.0)."""
        rates = np.asarray(self.counts, dtype=float) / np.asarray(NATIONAL_POPULATION, dtype=float)
        return rates / rates[-1]


# fmt: off
RATES: dict[str, ThemeRate] = {
    rate.theme: rate
    for rate in (
        # High Impact Crimes (police definition); geweld: 1.4.2 moord/doodslag, 1.4.3 openlijk geweld (persoon),
        # 1.4.4 bedreiging, 1.4.5 mishandeling
        ThemeRate("woninginbraak", ("1.1.1",), (55495, 49209, 42887, 39474, 30571, 23525, 24414, 22706), 1.3),
        ThemeRate("straatroof", ("1.4.6",), (4179, 3591, 3534, 3781, 3187, 2318, 2484, 2435), 1.6),
        ThemeRate("overval", ("1.4.7",), (1152, 1111, 1148, 1177, 907, 684, 671, 541), 1.4),
        ThemeRate("geweld", ("1.4.2", "1.4.3", "1.4.4", "1.4.5"),
                  (83408, 78587, 75445, 76410, 72769, 68777, 72808, 69144), 1.4),
        ThemeRate("zedenmisdrijven", ("1.4.1",), (7486, 7612, 8278, 7357, 7306, 7847, 9088, 8214), 1.3),
        # Property crime; voertuig: 1.2.1 uit/vanaf motorvoertuigen, 1.2.2 van motorvoertuigen, 1.2.5 andere
        # voertuigen; overig: 1.1.2 box/garage/schuur, 1.5.2 diefstallen (water), 1.6.2 overige vermogensdelicten
        ThemeRate("fietsdiefstal", ("1.2.3",), (110864, 91582, 82081, 81997, 76291, 71439, 92173, 96927), 1.6),
        ThemeRate("voertuigcriminaliteit", ("1.2.1", "1.2.2", "1.2.5"),
                  (105697, 89595, 77872, 75489, 72478, 63324, 76658, 81220), 1.2),
        ThemeRate("zakkenrollerij", ("1.2.4",), (25422, 20902, 15025, 12852, 6915, 5585, 10234, 12393), 1.6),
        ThemeRate("winkeldiefstal", ("2.5.2",), (39095, 37610, 37491, 39229, 34343, 30714, 40142, 44844), 1.4),
        ThemeRate("inbraak-bedrijven", ("2.5.1",), (26752, 22820, 19829, 19472, 16705, 11228, 12835, 12941), 1.3),
        ThemeRate("diefstal-overig", ("1.1.2", "1.5.2", "1.6.2"),
                  (129654, 111087, 101179, 102259, 92945, 82181, 94779, 95320), 1.3),
        # Undermining; 3.1.1 drugshandel; 1.6.3 mensenhandel + 3.1.2 mensensmokkel; 3.9.1-3.9.3 horizontale,
        # verticale en overige fraude; every environmental type 2.6.x except 2.6.9 vuurwerk
        ThemeRate("drugscriminaliteit", ("3.1.1",), (12317, 11622, 12357, 13784, 12647, 11467, 11613, 13468), 1.5),
        ThemeRate("mensenhandel", ("1.6.3", "3.1.2"), (548, 559, 673, 1033, 596, 626, 711, 686), 1.3),
        ThemeRate("wapenhandel", ("3.1.3",), (4876, 4243, 4943, 6226, 6601, 6756, 6840, 6662), 1.3),
        ThemeRate("fraude", ("3.9.1", "3.9.2", "3.9.3"),
                  (68669, 64857, 67489, 87035, 127313, 119046, 87698, 88972), 1.0),
        ThemeRate("milieucriminaliteit",
                  ("2.6.1", "2.6.2", "2.6.3", "2.6.4", "2.6.5", "2.6.7", "2.6.8", "2.6.10", "2.6.11", "2.6.12",
                   "2.6.13", "2.6.14"),
                  (1651, 1496, 1678, 1570, 1740, 1721, 1632, 1143), 1.0),
        # Digital safety and social unrest
        ThemeRate("cybercrime", ("3.7.4",), (1809, 2228, 2839, 4718, 10825, 14174, 13996, 12029), 1.0),
        ThemeRate("openbare-orde", ("3.6.4",), (5436, 5227, 5673, 7002, 6525, 7508, 7526, 7937), 1.4),
        ThemeRate("discriminatie", ("3.7.1",), (541, 379, 397, 463, 482, 523, 396, 503), 1.4),
        # Safety and care; E33 verward persoon and E35 jeugd (47021NED); 2.4.1 burengerucht (relatieproblemen),
        # the only domestic type among the registered crimes, so this demo theme is small
        ThemeRate("verward-gedrag", ("E33",), (74939, 83611, 90628, 99662, 117246, 130194, 138807, 141724), 1.5),
        ThemeRate("jeugdoverlast", ("E35",), (86408, 87875, 70802, 76546, 137946, 125487, 88711, 83694), 1.2),
        ThemeRate("huiselijk-geweld", ("2.4.1",), (220, 220, 227, 230, 255, 228, 243, 229), 1.2),
        # Nuisance; 2.1.1 drugs/drankoverlast (47025NED) + E38 alcohol/drugs + F010 openbare dronkenschap
        # (47021NED); E41 zwervers; M061/M062/M22 geluidshinder horeca/evenement/overig; 2.2.1 vernieling;
        # 2.6.9 vuurwerk; 2.4.2 huisvredebreuk + 2.7.3 leefbaarheid (overig)
        ThemeRate("overlast-alcohol-drugs", ("2.1.1", "E38", "F010"),
                  (38310, 40947, 45111, 48269, 52210, 51247, 62949, 65651), 1.6),
        ThemeRate("overlast-zwervers", ("E41",), (14221, 16142, 18889, 22281, 28719, 26766, 33092, 40525), 1.6),
        ThemeRate("geluidshinder", ("M061", "M062", "M22"),
                  (119739, 122916, 124726, 120234, 174207, 203393, 137980, 112759), 1.4),
        ThemeRate("vernieling", ("2.2.1",), (94731, 81682, 72120, 76909, 78420, 72041, 71057, 69976), 1.3),
        ThemeRate("vuurwerk", ("2.6.9",), (608, 827, 1087, 785, 1202, 1396, 1088, 373), 1.3),
        ThemeRate("leefbaarheid-overig", ("2.4.2", "2.7.3"), (2720, 2474, 2654, 3166, 3225, 3225, 3959, 4296), 1.3),
        # Traffic; 1.3.1 ongevallen (weg); 3.3.2/3.3.5 lucht, 3.4.2 water, 3.5.2 onder invloed, 3.5.5 weg (overig)
        ThemeRate("verkeersongevallen", ("1.3.1",), (81047, 78787, 81167, 83072, 75133, 76068, 82834, 76458), 1.0),
        ThemeRate("verkeersdelicten", ("3.3.2", "3.3.5", "3.4.2", "3.5.2", "3.5.5"),
                  (31680, 31017, 34756, 39361, 38150, 41286, 55273, 55058), 1.0),
        # Other; 1.6.1 brand/ontploffing; 2.7.2 bijzondere wetten, 3.7.2 vreemdelingenzorg, 3.7.3 maatschappelijke
        # integriteit (overig); 3.2.1 kinderporno + 3.2.2 kinderprostitutie
        ThemeRate("brand", ("1.6.1",), (4770, 4677, 4600, 4738, 5049, 4113, 4227, 4103), 1.2),
        ThemeRate("overig-misdrijf", ("2.7.2", "3.7.2", "3.7.3"),
                  (12784, 12040, 12499, 13419, 14739, 14678, 13901, 12814), 1.3),
        ThemeRate("kinderporno-prostitutie", ("3.2.1", "3.2.2"), (380, 356, 331, 448, 330, 386, 429, 475), 1.3),
    )
}
# fmt: on
"""National rate of every leaf theme, by theme code."""
