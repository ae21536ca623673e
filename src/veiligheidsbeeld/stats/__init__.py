"""Framework-free statistics for the veiligheidsanalyse (numpy, scipy and shapely only; never Django).

Arrays and dataclasses in, arrays and dataclasses out; randomness only through an explicit ``seed``. Each
method cites its source in ``docs/references.bib``; ``docs/explanation/methods.md`` explains the choices.
"""

from .early_warning import DEFAULT_BUDGETS, FAMILIES, RUN_SETTINGS, SEVERITY_LEVELS, EarlyWarningResult, early_warning
from .hotspots import (
    EMERGING_PATTERNS,
    ContiguityWeights,
    EmergingHotSpotResult,
    GiStarResult,
    emerging_hot_spots,
    getis_ord_gi_star,
    queen_weights,
)
from .index import SafetyIndexResult, safety_index
from .rates import eb_smooth, poisson_interval, rate_per_1000
from .significance import PoissonRateTestResult, benjamini_hochberg, poisson_rate_test, rate_ratio_interval
from .trends import MannKendallResult, mann_kendall, seasonal_mann_kendall, sens_slope

__all__ = [
    "EMERGING_PATTERNS",
    "SEVERITY_LEVELS",
    "ContiguityWeights",
    "DEFAULT_BUDGETS",
    "FAMILIES",
    "RUN_SETTINGS",
    "EarlyWarningResult",
    "EmergingHotSpotResult",
    "GiStarResult",
    "MannKendallResult",
    "PoissonRateTestResult",
    "SafetyIndexResult",
    "benjamini_hochberg",
    "early_warning",
    "eb_smooth",
    "emerging_hot_spots",
    "getis_ord_gi_star",
    "mann_kendall",
    "poisson_interval",
    "poisson_rate_test",
    "queen_weights",
    "rate_per_1000",
    "rate_ratio_interval",
    "safety_index",
    "seasonal_mann_kendall",
    "sens_slope",
]
