"""National aggregation: monthly counts per area x type to yearly totals, defined once and run on DuckDB or Spark.

The aggregation is one Ibis expression (:func:`yearly_totals`); Ibis compiles it to DuckDB SQL on one machine
and to Spark SQL (PySpark) when the data outgrow one machine, with identical results (see
``docs/adr/0005-national-aggregation.md`` and ``benchmarks/bench_national_aggregation.py``). Ibis, DuckDB,
pyarrow and PySpark are optional: they are imported only when these functions run, never by the web application.

Input: Parquet with the columns ``area`` (integer area id), ``month`` (date, first of the month), ``type``
(integer registration type) and ``count`` (integer). Output: ``area``, ``year``, ``type``, ``count`` (int64),
sorted by area, year and type.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BACKENDS", "COLUMNS", "aggregate_parquet", "yearly_totals"]

BACKENDS = ("duckdb", "pyspark")
COLUMNS = ("area", "month", "type", "count")


def yearly_totals(table):
    """The Ibis expression: the sum of ``count`` per area, calendar year of ``month`` and type.

    Parameters
    ----------
    table : ibis.expr.types.Table
        With the columns :data:`COLUMNS`.

    Returns
    -------
    ibis.expr.types.Table
        ``area, year, type, count`` ordered by area, year and type; ``count`` is int64 on every backend.
    """
    missing = [name for name in COLUMNS if name not in table.columns]
    if missing:
        raise ValueError(
            "the table lacks column(s) {}; expected: {}".format(", ".join(missing), ", ".join(COLUMNS))
        )
    totals = table.group_by(area=table.area, year=table.month.year(), type=table.type).aggregate(
        count=table["count"].sum().cast("int64")
    )
    return totals.order_by(["area", "year", "type"])


def aggregate_parquet(path, *, backend: str = "duckdb", session=None, **config):
    """Run :func:`yearly_totals` over the Parquet file(s) at ``path`` and return a ``pyarrow.Table``.

    Parameters
    ----------
    path : str or pathlib.Path
        A Parquet file, a directory of them or a glob.
    backend : {"duckdb", "pyspark"}
        Where the expression runs.
    session : pyspark.sql.SparkSession, optional
        The Spark session for ``backend="pyspark"`` (required there).
    **config
        DuckDB settings, e.g. ``memory_limit="3GB"`` or ``threads=2``.
    """
    import ibis

    if backend not in BACKENDS:
        raise ValueError("unknown backend {!r}; valid: {}".format(backend, ", ".join(BACKENDS)))
    source = str(path)
    if Path(source).is_dir():
        source = str(Path(source) / "*.parquet")
    if backend == "duckdb":
        connection = ibis.duckdb.connect(**config)
    else:
        if session is None:
            raise ValueError("backend 'pyspark' needs a SparkSession (session=...)")
        connection = ibis.pyspark.connect(session)
    table = connection.read_parquet(source)
    return connection.to_pyarrow(yearly_totals(table))
