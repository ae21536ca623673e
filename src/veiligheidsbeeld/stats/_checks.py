"""Input checks shared by the statistics modules.

Every check raises a ValueError that names the argument, the first offending element (its index) and the
reason, so a caller can trace a bad value back to the row of the table it came from.
"""

import numpy as np

__all__ = ["as_counts", "as_nonnegative", "check_option", "reject_first"]


def reject_first(name, values, bad, reason):
    """Raise ValueError naming the first element of `values` where `bad` is True, its value and `reason`."""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = index[0] if len(index) == 1 else index
    raise ValueError(f"{name}[{where}] = {values[index].item()!r}: {reason}")


def as_nonnegative(name, values, *, allow_nan=False):
    """Return `values` as a float array, raising ValueError on negative, infinite or (optionally) NaN entries."""
    array = np.asarray(values, dtype=float)
    finite = np.isfinite(array)
    bad = ~finite & ~(np.isnan(array) if allow_nan else False)
    if bad.any():
        reject_first(name, array, bad, "must be finite" + ("" if allow_nan else " (no NaN)"))
    if (array[finite] < 0).any():
        reject_first(name, array, finite & (array < 0), "must be non-negative")
    return array


def as_counts(name, values):
    """Return `values` as an array of non-negative whole numbers, raising ValueError otherwise.

    Integer arrays are returned as they are (one pass to check the sign); anything else becomes a float array.
    """
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.integer):
        if array.size and array.min() < 0:
            reject_first(name, array, array < 0, "must be non-negative")
        return array
    array = as_nonnegative(name, array)
    fractional = array != np.floor(array)
    if fractional.any():
        reject_first(name, array, fractional, "must be a whole number (a count)")
    return array


def check_option(name, value, valid):
    """Raise ValueError unless `value` is one of `valid`, listing the valid options."""
    if value not in valid:
        options = ", ".join(repr(option) for option in valid)
        raise ValueError(f"{name}={value!r} is not valid; choose one of {options}")
