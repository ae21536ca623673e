"""Pure parsers (no Django) for CBS area files: regions, population and boundaries.

The services of this app persist what these return; the frozen dataclasses below are that contract. Every parser
checks the whole file and raises one :class:`AreaFileError` listing all problems (file name, line or feature,
column, value, reason) rather than stopping at the first. The implementation lives in
:mod:`veiligheidsbeeld.areas.parsing`, one module per concept; the rules of each format are in its module
docstring.

CBS codes: ``GM`` + 4 digits (gemeente), ``WK`` + 6 digits (wijk), ``BU`` + 8 digits (buurt); the level follows
from the prefix, the wijk of a buurt is ``"WK" + code[2:8]``, the gemeente of a wijk or buurt ``"GM" + code[2:6]``.
"""

from .parsing.boundaries import BoundaryFile, BoundaryRecord, parse_boundaries
from .parsing.codes import Level, SupraLevel
from .parsing.population import PopulationRecord, parse_population
from .parsing.postcodes import PostcodeAllocationRecord, parse_postcodes
from .parsing.problems import AreaFileError, Problem
from .parsing.regions import NationalRegionFile, Region, RegionFile, parse_national_regions, parse_regions

__all__ = [
    "AreaFileError",
    "BoundaryFile",
    "BoundaryRecord",
    "Level",
    "NationalRegionFile",
    "PopulationRecord",
    "PostcodeAllocationRecord",
    "Problem",
    "Region",
    "RegionFile",
    "SupraLevel",
    "parse_boundaries",
    "parse_national_regions",
    "parse_population",
    "parse_postcodes",
    "parse_regions",
]
