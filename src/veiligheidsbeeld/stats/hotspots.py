"""Hot spots: queen contiguity, Getis-Ord Gi* and emerging hot spot patterns.

`queen_weights` finds which areas touch; `getis_ord_gi_star` tests, per area, whether the area and its
neighbours together have higher (hot spot) or lower (cold spot) values than the municipality as a whole;
`emerging_hot_spots` classifies how each area's hot or cold spot status developed over time.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from scipy import special

from ._checks import reject_first
from .significance import benjamini_hochberg
from .trends import mann_kendall

__all__ = [
    "EMERGING_PATTERNS",
    "ContiguityWeights",
    "EmergingHotSpotResult",
    "GiStarResult",
    "emerging_hot_spots",
    "getis_ord_gi_star",
    "queen_weights",
]

_CHUNK = 1024  # areas per block of simulated sums (a block holds _CHUNK x permutations floats)


@dataclass(frozen=True)
class ContiguityWeights:
    """Binary spatial weights as a compressed neighbour list (CSR without values).

    Attributes
    ----------
    indptr : numpy.ndarray
        Shape ``(n + 1,)``: the neighbours of area ``i`` are ``indices[indptr[i]:indptr[i + 1]]``.
    indices : numpy.ndarray
        Neighbour indices, sorted within each area, never the area itself.
    """

    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def from_neighbors(cls, neighbors):
        """Build weights from a neighbour list: ``neighbors[i]`` holds the indices of the neighbours of ``i``.

        Examples
        --------
        >>> w = ContiguityWeights.from_neighbors([[1], [0, 2], [1], []])
        >>> w.cardinalities, w.islands
        (array([1, 2, 1, 0]), array([3]))
        """
        n = len(neighbors)
        cleaned = []
        for i, row in enumerate(neighbors):
            row = np.unique(np.asarray(row, dtype=np.int64))
            if row.size and (row[0] < 0 or row[-1] >= n or i in row):
                raise ValueError(
                    f"neighbors[{i}] = {row.tolist()}: indices must lie in 0..{n - 1} and exclude {i}"
                )
            cleaned.append(row)
        indptr = np.concatenate([[0], np.cumsum([row.size for row in cleaned])]).astype(np.int64)
        indices = np.concatenate(cleaned) if cleaned else np.empty(0, dtype=np.int64)
        return cls(indptr=indptr, indices=indices.astype(np.int64))

    @property
    def n(self):
        """Number of areas."""
        return len(self.indptr) - 1

    @property
    def cardinalities(self):
        """Number of neighbours of each area."""
        return np.diff(self.indptr)

    @property
    def islands(self):
        """Indices of areas without neighbours."""
        return np.flatnonzero(self.cardinalities == 0)

    def neighbors(self, i):
        """Neighbour indices of area `i`."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]


def _as_geometry(index, item):
    if isinstance(item, shapely.Geometry):
        return item
    if isinstance(item, dict):
        geometry = item.get("geometry", item) if item.get("type") == "Feature" else item
        try:
            return shapely.geometry.shape(geometry)
        except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
            raise ValueError(f"geometries[{index}]: not a valid GeoJSON geometry ({error})") from None
    raise ValueError(
        f"geometries[{index}] is a {type(item).__name__}: expected a shapely geometry or a GeoJSON dict"
    )


def queen_weights(geometries, tolerance=0.0):
    """Queen contiguity: two areas are neighbours when their boundaries share at least one point.

    Parameters
    ----------
    geometries : sequence
        Polygons as shapely geometries, GeoJSON geometry dicts or GeoJSON Feature dicts, in area order.
    tolerance : float
        Areas closer than this distance (in the coordinate units: degrees for EPSG:4326, metres for RD New)
        also count as neighbours. Use a small value for boundaries that were simplified per polygon and no
        longer meet exactly (sliver gaps); 0 (default) requires touching or overlapping geometries.

    Returns
    -------
    ContiguityWeights
        Symmetric binary weights; areas without any neighbour are listed in ``islands``.

    Examples
    --------
    A row of three unit squares and one square far away:

    >>> squares = [shapely.box(x, 0, x + 1, 1) for x in (0, 1, 2, 10)]
    >>> w = queen_weights(squares)
    >>> [w.neighbors(i).tolist() for i in range(w.n)], w.islands
    ([[1], [0, 2], [1], []], array([3]))
    """
    if not tolerance >= 0:
        raise ValueError(f"tolerance={tolerance!r} is not valid: it must be a non-negative distance")
    shapes = np.array([_as_geometry(i, item) for i, item in enumerate(geometries)], dtype=object)
    empty = shapely.is_empty(shapes) if len(shapes) else np.zeros(0, dtype=bool)
    if empty.any():
        raise ValueError(f"geometries[{int(np.flatnonzero(empty)[0])}] is empty")
    tree = shapely.STRtree(shapes)
    if tolerance > 0:
        source, target = tree.query(shapes, predicate="dwithin", distance=tolerance)
    else:
        source, target = tree.query(shapes, predicate="intersects")
    keep = source != target
    source, target = (
        np.concatenate([source[keep], target[keep]]),
        np.concatenate([target[keep], source[keep]]),
    )
    pairs = np.unique(np.stack([source, target]), axis=1) if source.size else np.empty((2, 0), dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(pairs[0], minlength=len(shapes)))])
    return ContiguityWeights(indptr=indptr.astype(np.int64), indices=pairs[1].astype(np.int64))


@dataclass(frozen=True)
class GiStarResult:
    """Result of `getis_ord_gi_star`; every attribute has the shape of `y`. Islands are NaN (bin 0).

    Attributes
    ----------
    z : numpy.ndarray
        Standardised Gi* :cite:`ord1995`; positive for a hot spot.
    p_norm : numpy.ndarray
        Two-sided p-value of `z` under the normal approximation.
    p_sim : numpy.ndarray
        One-sided pseudo p-value from conditional permutation, in the direction of the observed deviation
        (NaN when ``permutations=0``).
    p_value : numpy.ndarray
        Two-sided p-value used for inference: ``min(1, 2 * p_sim)`` with permutations, else `p_norm`.
    q_value : numpy.ndarray
        Benjamini-Hochberg q-value of `p_value`, over the areas of each time slice.
    hot_spot_bin : numpy.ndarray of int
        Esri's Gi_Bin: ``sign(z)`` times 3, 2 or 1 for a q-value at or below 0.01, 0.05 or 0.10, else 0.
    """

    z: np.ndarray
    p_norm: np.ndarray
    p_sim: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    hot_spot_bin: np.ndarray


def _permutations(n_others, size, permutations, seed):
    """Random draws of `size` other areas per permutation, identical to esda's ``crand`` with this seed."""
    state = np.random.RandomState(seed)
    return np.stack([state.permutation(n_others)[:size] for _ in range(permutations)])


def _extreme_counts(y, lag_others, cardinality, draws):
    """Per area: how many simulated neighbour sums are >= and <= the observed one.

    Conditional randomisation (:cite:`anselin1995`, the scheme of esda): for area ``i`` permutation ``p``
    takes its ``k_i`` neighbours from the other areas, ``draws[p, :k_i]`` indexing the values with ``i``
    removed. Index ``j`` then means area ``j`` if ``j < i`` and area ``j + 1`` otherwise, so the simulated
    sum is the sum of ``y[draws]`` plus the shift ``y[j + 1] - y[j]`` of every draw with ``j >= i``.
    For a block of areas sorted by index the shift applies to the areas up to ``j``: a cumulative sum over the
    block adds them all in one pass instead of one pass per neighbour.
    """
    permutations = draws.shape[0]
    values = y[draws]
    shifts = np.append(y[1:], 0.0)[draws] - values
    prefix = np.cumsum(values, axis=1)
    at_least = np.zeros(y.shape, dtype=np.int64)
    at_most = np.zeros(y.shape, dtype=np.int64)
    columns = np.arange(permutations)
    for k in np.unique(cardinality[cardinality > 0]):
        areas = np.flatnonzero(cardinality == k)
        drawn, shift = draws[:, :k].ravel(), shifts[:, :k].ravel()
        column = np.repeat(columns, k)
        for start in range(0, areas.size, _CHUNK):
            block = areas[start : start + _CHUNK]
            width = block.size + 1
            reach = np.searchsorted(block, drawn, side="right")  # areas in the block with index <= draw
            hit = reach > 0
            # Row p of `steps`: the plain sum at position 0, each shift added from position 0 and removed
            # again after the last area it applies to; the cumulative sum gives every area's simulated sum.
            flat = np.concatenate([columns * width, column[hit] * width, column[hit] * width + reach[hit]])
            weights = np.concatenate([prefix[:, k - 1], shift[hit], -shift[hit]])
            steps = np.bincount(flat, weights, minlength=permutations * width).reshape(permutations, width)
            simulated = np.cumsum(steps, axis=1)[:, :-1]
            observed = lag_others[block]
            at_least[block] = (simulated >= observed).sum(axis=0)
            at_most[block] = (simulated <= observed).sum(axis=0)
    return at_least, at_most


def _gi_star_slice(y, weights, draws):
    """z, p_norm and p_sim of Gi* for one 1-D variable."""
    n = y.size
    cardinality = weights.cardinalities
    lag_others = np.add.reduceat(np.append(y[weights.indices], 0.0), weights.indptr[:-1])
    lag_others[cardinality == 0] = 0.0
    # Getis & Ord (1992) G*_i with binary weights including the area itself, moments as in esda.
    card = cardinality + 1.0
    total = y.sum()
    mean = total / n
    variance = (y**2).sum() / n - mean**2
    constant = variance <= 1e-12 * max(mean**2, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = (lag_others + y) / total
        expected = card / n
        expected_variance = card * (n - card)
        expected_variance = expected_variance / (n - 1)
        expected_variance = expected_variance * (1 / n**2)
        expected_variance = expected_variance * (variance / mean**2)
        z = np.zeros(n) if constant else (statistic - expected) / np.sqrt(expected_variance)
    p_sim = np.full(n, np.nan)
    if draws is not None:
        at_least, at_most = _extreme_counts(y, lag_others, cardinality, draws)
        p_sim = (np.minimum(at_least, at_most) + 1) / (draws.shape[0] + 1)
        if constant:
            p_sim[:] = 1.0
    return z, p_sim


def getis_ord_gi_star(y, weights, *, seed, permutations=999):
    """Local Getis-Ord Gi* hot spot statistic with analytical and permutation inference.

    Gi* :cite:`getis1992,ord1995` compares the sum of an area's value and its neighbours' values with the
    sum expected if values were spread at random. The analytical z uses the moments of Getis and Ord with
    binary weights that include the area itself; the pseudo p-value comes from conditional randomisation
    :cite:`anselin1995`: the area's own value is kept and its neighbours are drawn at random from the other
    areas, `permutations` times. False discovery rate control :cite:`benjamini1995` is applied per slice.

    Parameters
    ----------
    y : array_like
        Values per area (counts or rates), shape ``(n_areas,)`` or ``(n_times, n_areas)``; each time slice is
        analysed on its own, with the same random draws.
    weights : ContiguityWeights
        Neighbours of each area, for example from `queen_weights`. Islands (areas without neighbours) still
        count in the overall mean and variance and in the pool of random neighbours, but get NaN results.
    seed : int
        Seed of the random permutations (0 to 2**32 - 1); the draws equal esda's ``crand`` draws for the same
        seed. Store it with the result: the same seed reproduces the same p-values.
    permutations : int
        Number of conditional permutations; 0 for the analytical test only.

    Returns
    -------
    GiStarResult

    Notes
    -----
    Gi* with the Getis-Ord moments is unchanged by row standardisation of the weights, so `z` equals esda's
    ``G_Local(y, w, transform="B", star=True).Zs``. esda's default ``transform="R"`` plugs the row sums (1)
    into the binary-weight moments, which shrinks its ``Zs`` by a factor
    ``sqrt((n - k - 1) / ((k + 1) * (n - 1)))`` for an area with ``k`` neighbours; its permutation p-values
    are unaffected. Ties (frequent with counts) are counted in both tails, so `p_sim` equals esda's
    ``p_sim`` when no simulated sum equals the observed one and is larger (conservative) otherwise.

    Examples
    --------
    A 4 x 4 grid with high counts in the top left corner:

    >>> import shapely
    >>> cells = [shapely.box(col, -row, col + 1, 1 - row) for row in range(4) for col in range(4)]
    >>> counts = [9, 8, 2, 1, 7, 6, 2, 0, 1, 2, 1, 1, 0, 1, 2, 1]
    >>> result = getis_ord_gi_star(counts, queen_weights(cells), seed=1)
    >>> result.z[:4].round(3)
    array([ 3.712,  3.058,  0.437, -1.172])
    >>> result.p_sim[:4]
    array([0.002, 0.003, 0.37 , 0.268])
    >>> result.hot_spot_bin.reshape(4, 4)
    array([[2, 2, 0, 0],
           [0, 1, 0, 0],
           [0, 0, 0, 0],
           [0, 0, 0, 0]])
    """
    if not isinstance(weights, ContiguityWeights):
        raise TypeError(f"weights is a {type(weights).__name__}: expected ContiguityWeights")
    values = np.asarray(y, dtype=float)
    if values.ndim not in (1, 2) or values.shape[-1] != weights.n:
        raise ValueError(
            f"y has shape {values.shape}: expected ({weights.n},) or (n_times, {weights.n}) to match the weights"
        )
    if not np.isfinite(values).all():
        reject_first("y", values, ~np.isfinite(values), "values must be finite")
    if not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed={seed!r} is not valid: use a whole number in 0..2**32 - 1")
    if not isinstance(permutations, (int, np.integer)) or permutations < 0:
        raise ValueError(f"permutations={permutations!r} is not valid: use a whole number >= 0")
    slices = values.reshape(-1, weights.n)
    draws = None
    if permutations and weights.indices.size:
        draws = _permutations(weights.n - 1, int(weights.cardinalities.max()), permutations, seed)
    z, p_sim = (np.stack(parts) for parts in zip(*(_gi_star_slice(row, weights, draws) for row in slices)))
    island = np.zeros(weights.n, dtype=bool)
    island[weights.islands] = True
    z[:, island] = np.nan
    p_sim[:, island] = np.nan
    p_norm = 2 * special.ndtr(-np.abs(z))
    p_value = np.minimum(1.0, 2 * p_sim) if draws is not None else p_norm
    q_value, _ = benjamini_hochberg(p_value, axis=-1)
    level = np.select([q_value <= 0.01, q_value <= 0.05, q_value <= 0.10], [3, 2, 1], 0)
    hot_spot_bin = (np.sign(np.nan_to_num(z)) * level).astype(int)
    shape = values.shape
    return GiStarResult(
        z=z.reshape(shape),
        p_norm=p_norm.reshape(shape),
        p_sim=p_sim.reshape(shape),
        p_value=p_value.reshape(shape),
        q_value=q_value.reshape(shape),
        hot_spot_bin=hot_spot_bin.reshape(shape),
    )


EMERGING_PATTERNS = (
    "not_analysed",
    "no_pattern",
    "new_hot_spot",
    "consecutive_hot_spot",
    "intensifying_hot_spot",
    "persistent_hot_spot",
    "diminishing_hot_spot",
    "sporadic_hot_spot",
    "oscillating_hot_spot",
    "historical_hot_spot",
    "new_cold_spot",
    "consecutive_cold_spot",
    "intensifying_cold_spot",
    "persistent_cold_spot",
    "diminishing_cold_spot",
    "sporadic_cold_spot",
    "oscillating_cold_spot",
    "historical_cold_spot",
)


@dataclass(frozen=True)
class EmergingHotSpotResult:
    """Result of `emerging_hot_spots`, one entry per area.

    Attributes
    ----------
    pattern : numpy.ndarray of str
        One of `EMERGING_PATTERNS`; ``"not_analysed"`` for areas with a missing (NaN) z, such as islands.
    trend_z, trend_p : numpy.ndarray
        Mann-Kendall statistic and two-sided p-value of the trend in each area's Gi* z series.
    """

    pattern: np.ndarray
    trend_z: np.ndarray
    trend_p: np.ndarray


def _final_run(flags):
    """Length of the run of True values that ends at the last time step, per area (axis 0 is time)."""
    reversed_flags = flags[::-1]
    broken = ~reversed_flags
    return np.where(broken.any(axis=0), broken.argmax(axis=0), flags.shape[0])


def _side_patterns(own, other, trend_z, trend_p, trend_alpha, side):
    """Hot (side "hot") or cold patterns from significant bins of that sign (`own`) and the opposite (`other`)."""
    n_times = own.shape[0]
    last = own[-1]
    share = own.sum(axis=0) / n_times
    most = share >= 0.9
    run = _final_run(own)
    rising = (trend_p <= trend_alpha) & (trend_z > 0)
    falling = (trend_p <= trend_alpha) & (trend_z < 0)
    intensifying, diminishing = (rising, falling) if side == "hot" else (falling, rising)
    before = other[:-1].any(axis=0)
    conditions = [
        last & most & intensifying,
        last & most & diminishing,
        last & most,
        last & before,
        last & (own.sum(axis=0) == 1),
        last & (run >= 2) & (own.sum(axis=0) == run),
        last,
        ~last & most,
    ]
    names = [
        "intensifying",
        "diminishing",
        "persistent",
        "oscillating",
        "new",
        "consecutive",
        "sporadic",
        "historical",
    ]
    return np.select(conditions, [f"{name}_{side}_spot" for name in names], "")


def emerging_hot_spots(z, p, *, alpha=0.05, trend_alpha=0.05):
    """Classify each area's hot and cold spot history with Esri's emerging hot spot patterns :cite:`esri_ehsa`.

    A bin (area x time step) is a significant hot spot when its p-value is at most `alpha` and its z is
    positive (cold spot: negative). The trend in the intensity of clustering is the Mann-Kendall test
    :cite:`mann1945` on each area's z series. Hot patterns (cold patterns mirror them):

    - new: hot at the final step and never before;
    - consecutive: a single uninterrupted run of at least two hot steps at the end, never hot before it,
      hot in less than 90 % of the steps;
    - intensifying / diminishing: hot in at least 90 % of the steps including the final one, with a
      significant increasing / decreasing trend in z;
    - persistent: the same without a significant trend;
    - sporadic: hot at the final step, hot in less than 90 % of the steps, on and off, never cold;
    - oscillating: hot at the final step and a significant cold spot at some earlier step, hot in less
      than 90 % of the steps;
    - historical: not hot at the final step but hot in at least 90 % of the steps.

    Parameters
    ----------
    z : array_like
        Gi* z scores, shape ``(n_times, n_areas)``, oldest step first.
    p : array_like
        Matching p-values; pass the FDR q-values (``GiStarResult.q_value``) to correct for multiple testing
        as Esri does.
    alpha : float
        Significance level of a bin.
    trend_alpha : float
        Significance level of the Mann-Kendall trend.

    Returns
    -------
    EmergingHotSpotResult

    Notes
    -----
    Esri's descriptions overlap for an area that was a cold spot earlier and is a hot spot for the first
    time at the final step (new and oscillating): it is reported as oscillating.

    Examples
    --------
    >>> z = np.array([[0.5, 3.0, 3.0], [0.2, 3.2, -2.5], [2.8, 3.5, 0.1], [3.1, 4.0, 2.9]])
    >>> p = np.where(np.abs(z) > 1.96, 0.01, 0.5)
    >>> emerging_hot_spots(z, p).pattern.tolist()
    ['consecutive_hot_spot', 'persistent_hot_spot', 'oscillating_hot_spot']
    """
    z = np.asarray(z, dtype=float)
    p = np.asarray(p, dtype=float)
    if z.ndim != 2 or z.shape != p.shape:
        raise ValueError(f"z has shape {z.shape} and p {p.shape}: both must be (n_times, n_areas)")
    if z.shape[0] < 2:
        raise ValueError(f"z has {z.shape[0]} time step(s): emerging patterns need at least 2")
    for name, value in (("alpha", alpha), ("trend_alpha", trend_alpha)):
        if not 0 < value < 1:
            raise ValueError(f"{name}={value!r} is not valid: it must lie strictly between 0 and 1")
    missing = np.isnan(z).any(axis=0) | np.isnan(p).any(axis=0)
    significant = (p <= alpha) & ~missing
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    trend = mann_kendall(np.where(missing, 0.0, z).T)
    hot_pattern = _side_patterns(hot, cold, trend.z, trend.p, trend_alpha, "hot")
    cold_pattern = _side_patterns(cold, hot, trend.z, trend.p, trend_alpha, "cold")
    pattern = np.where(
        hot_pattern != "", hot_pattern, np.where(cold_pattern != "", cold_pattern, "no_pattern")
    )
    pattern = np.where(missing, "not_analysed", pattern).astype(f"<U{max(map(len, EMERGING_PATTERNS))}")
    trend_z = np.where(missing, np.nan, trend.z)
    trend_p = np.where(missing, np.nan, trend.p)
    return EmergingHotSpotResult(pattern=pattern, trend_z=trend_z, trend_p=trend_p)
