import subprocess
import sys

FORBIDDEN = ("django", "esda", "libpysal", "statsmodels", "pymannkendall", "pandas")


def test_importing_stats_loads_no_framework_or_reference_package():
    code = (
        "import sys, veiligheidsbeeld.stats; "
        f"print(','.join(name for name in {FORBIDDEN!r} if name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""
