"""The national aggregation expression gives the same yearly totals on DuckDB, PySpark and plain numpy (issue #4)."""

import datetime as dt
import shutil

import numpy as np
import pytest

from veiligheidsbeeld.analyses.national import aggregate_parquet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("ibis")
pytest.importorskip("duckdb")


@pytest.fixture
def monthly(tmp_path):
    """3 areas x 26 months (2022-11..2024-12) x 2 types of seeded counts in two Parquet files, unsorted."""
    rng = np.random.default_rng(4)
    months = [dt.date(2022 + (10 + m) // 12, (10 + m) % 12 + 1, 1) for m in range(26)]
    rows = [(a, m, t, int(rng.poisson(5))) for a in range(3) for m in months for t in (7, 9)]
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    for part, chunk in enumerate((rows[:80], rows[80:])):
        area, month, kind, count = zip(*chunk)
        pq.write_table(pa.table({
            "area": pa.array(area, pa.int32()), "month": pa.array(month, pa.date32()),
            "type": pa.array(kind, pa.int16()), "count": pa.array(count, pa.int32()),
        }), tmp_path / "part-{}.parquet".format(part))
    expected = {}
    for area, month, kind, count in rows:
        expected[(area, month.year, kind)] = expected.get((area, month.year, kind), 0) + count
    return tmp_path, sorted((*key, value) for key, value in expected.items())


def _rows(table):
    columns = table.to_pydict()
    return [tuple(int(columns[name][i]) for name in ("area", "year", "type", "count")) for i in range(table.num_rows)]


def test_duckdb_gives_the_yearly_totals_sorted(monthly):
    folder, expected = monthly
    result = aggregate_parquet(folder, backend="duckdb", threads=1)
    assert result.column_names == ["area", "year", "type", "count"]
    assert result.schema.field("count").type == pa.int64()
    assert _rows(result) == expected and len(expected) == 3 * 3 * 2


@pytest.mark.slow
def test_pyspark_gives_identical_results(monthly):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("PySpark needs a Java runtime (java not on PATH)")
    from pyspark.sql import SparkSession

    folder, expected = monthly
    session = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    try:
        result = aggregate_parquet(folder, backend="pyspark", session=session)
    finally:
        session.stop()
    assert _rows(result) == expected
    assert result.equals(aggregate_parquet(folder, backend="duckdb").cast(result.schema))


def test_bad_backend_and_missing_columns_are_named(monthly, tmp_path):
    folder, _ = monthly
    with pytest.raises(ValueError, match="unknown backend 'polars'; valid: duckdb, pyspark"):
        aggregate_parquet(folder, backend="polars")
    with pytest.raises(ValueError, match="needs a SparkSession"):
        aggregate_parquet(folder, backend="pyspark")
    pq.write_table(pa.table({"area": [1], "month": [dt.date(2024, 1, 1)], "n": [3]}), tmp_path / "bad.parquet")
    with pytest.raises(ValueError, match=r"lacks column\(s\) type, count; expected: area, month, type, count"):
        aggregate_parquet(tmp_path / "bad.parquet")
