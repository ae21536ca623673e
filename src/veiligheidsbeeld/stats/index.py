"""Veiligheidsindex: a composite safety index per area from registration and perception sub-indices.

The construction follows the Dutch index tradition :cite:`vergouw2014,ois2015,rotterdam_wijkprofiel`: each
component (registered crime per 1,000 inhabitants, nuisance reports per 1,000, the share of residents who
feel unsafe, ...) becomes a sub-index equal to 100 at the gemeente average of a base year, and the
veiligheidsindex is a weighted mean of the sub-indices. A score of 120 reads "20 % worse than the gemeente
in the base year". Amsterdam-Amstelland (2015) and the Rotterdam Wijkprofiel weigh their sub-indices equally,
which is the default here; any other weights can be configured.
"""

from dataclasses import dataclass

import numpy as np

from ._checks import as_nonnegative

__all__ = ["SafetyIndexResult", "safety_index"]

BASE_LEVEL = 100.0


@dataclass(frozen=True)
class SafetyIndexResult:
    """Result of `safety_index`; arrays have shape ``(n_periods, n_areas)``.

    Attributes
    ----------
    index : numpy.ndarray
        Composite veiligheidsindex; NaN where no component is available.
    sub_indices : dict of str to numpy.ndarray
        Each component scaled to 100 at the gemeente average of the base period.
    base_values : dict of str to float
        The gemeente average of each component in the base period (the value that maps to 100).
    weights : dict of str to numpy.ndarray
        Weight each component actually received per area and period, re-normalised over the available
        components (0 where the component is missing).
    complete : numpy.ndarray of bool
        True where all components were available; False marks a re-normalised (partial) index.
    """

    index: np.ndarray
    sub_indices: dict
    base_values: dict
    weights: dict
    complete: np.ndarray


def safety_index(components, *, weights=None, base_period=0, population=None):
    """Composite safety index per area with sub-indices scaled to the gemeente average of a base period.

    Parameters
    ----------
    components : dict of str to array_like
        Indicator values per component, each of shape ``(n_periods, n_areas)`` (or ``(n_areas,)`` for one
        period), oriented so that higher means less safe: rates per 1,000, shares of residents who feel unsafe.
        NaN marks a missing value (for example no survey in that area or year).
    weights : dict of str to float, optional
        Positive weight per component, same names as `components`; None gives equal weights.
    base_period : int
        Row (period) whose gemeente average becomes 100.
    population : array_like, optional
        Inhabitants per area (``(n_areas,)`` or ``(n_periods, n_areas)``) to weight the gemeente average,
        so that it equals the rate of the gemeente as a whole; None takes the plain mean over areas.

    Returns
    -------
    SafetyIndexResult

    Examples
    --------
    Two areas, two years; perception is missing for the second area in the second year:

    >>> result = safety_index(
    ...     {"crime": [[40.0, 60.0], [44.0, 54.0]], "perception": [[20.0, 30.0], [18.0, np.nan]]},
    ...     population=[1_000, 1_000],
    ... )
    >>> result.index
    array([[ 80., 120.],
           [ 80., 108.]])
    >>> result.complete
    array([[ True,  True],
           [ True, False]])
    """
    if not components:
        raise ValueError("components is empty: give at least one component, for example {'crime': rates}")
    names = tuple(components)
    if weights is None:
        weights = dict.fromkeys(names, 1.0)
    if set(weights) != set(names):
        raise ValueError(
            f"weights has keys {sorted(weights)}: it needs exactly the component names {sorted(names)}"
        )
    for name, weight in weights.items():
        if not weight > 0:
            raise ValueError(f"weights[{name!r}] = {weight!r}: weights must be positive")
    values = {name: np.atleast_2d(as_nonnegative(name, components[name], allow_nan=True)) for name in names}
    shape = values[names[0]].shape
    for name, array in values.items():
        if array.shape != shape or array.ndim != 2:
            raise ValueError(f"component {name!r} has shape {array.shape}: all components need shape {shape}")
    if not isinstance(base_period, (int, np.integer)) or not -shape[0] <= base_period < shape[0]:
        raise ValueError(f"base_period={base_period!r} is not valid: use a period index in 0..{shape[0] - 1}")
    people = np.ones(shape) if population is None else as_nonnegative("population", population)
    people = np.broadcast_to(np.atleast_2d(people), shape)

    sub_indices, base_values = {}, {}
    for name, array in values.items():
        base, base_people = array[base_period], people[base_period]
        known = ~np.isnan(base) & (base_people > 0)
        average = (
            float((base[known] * base_people[known]).sum() / base_people[known].sum())
            if known.any()
            else np.nan
        )
        if not average > 0:
            raise ValueError(
                f"component {name!r}: the gemeente average in base period {base_period} is {average!r}; "
                "it must be positive to scale the sub-index to 100"
            )
        base_values[name] = average
        sub_indices[name] = BASE_LEVEL * array / average

    stacked = np.stack([sub_indices[name] for name in names])
    raw_weights = np.array([weights[name] for name in names], dtype=float)[:, None, None]
    available = ~np.isnan(stacked)
    used = np.where(available, raw_weights, 0.0)
    total = used.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = used / total
        index = np.where(total > 0, np.nansum(stacked * share, axis=0), np.nan)
    return SafetyIndexResult(
        index=index,
        sub_indices=sub_indices,
        base_values=base_values,
        weights={name: np.nan_to_num(share[i]) for i, name in enumerate(names)},
        complete=available.all(axis=0),
    )
