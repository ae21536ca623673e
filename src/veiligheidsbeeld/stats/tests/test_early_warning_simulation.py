"""Seeded simulations of the early-warning run as it is used (issues #22 item 3, #22 item 8 and #23).

The harness :mod:`veiligheidsbeeld.stats.early_warning_simulation` is the one the power benchmark uses
(``benchmarks/bench_early_warning_power.py``); here on smaller gemeenten so that the tests stay quick.
"""

import importlib

import numpy as np
import pytest
from numpy.testing import assert_allclose

from veiligheidsbeeld.stats import RUN_SETTINGS, early_warning
from veiligheidsbeeld.stats.early_warning_simulation import (
    Design,
    null_tail_rates,
    run_monthly,
    simulate_panel,
    step_replications,
)

early_warning_module = importlib.import_module("veiligheidsbeeld.stats.early_warning")
SMALL = Design(n_wijken=10, n_buurten=40, n_themes=12)
NOMINAL = 1.7e-4


@pytest.mark.slow
def test_far_tail_is_calibrated_for_every_level():
    # Issue #23: under null negative-binomial data the rate of p <= 1.7e-4 lies within 2x of nominal for means of
    # 5-60 a month (before: 2.4-5.4x), and small means are no more liberal than before (1.0-1.5x). Four seeds,
    # 8,000 series per mean, the last 12 months of each: about 60 expected hits per mean at the nominal rate.
    means = [2, 3, 5, 10, 20, 30, 60]
    rates = np.mean([null_tail_rates(means, 8_000, seed)["p_value"] for seed in (1, 2, 3, 4)], axis=0)
    ratio = dict(zip(means, rates / NOMINAL))
    print("rate / nominal by mean:", {m: round(r, 2) for m, r in ratio.items()})
    for mean in (5, 10, 20, 30, 60):
        assert ratio[mean] <= 2.0, (mean, ratio)
    for mean in (10, 20, 30, 60):
        assert ratio[mean] >= 0.4, (mean, ratio)  # calibrated, not merely conservative
    for mean in (2, 3):
        assert ratio[mean] <= 1.5, (mean, ratio)


@pytest.mark.slow
def test_false_warnings_under_no_change_follow_the_family():
    # No changed series (factor 1): every warning is false. The budget family expects budget_wijk + budget_buurt
    # a month (it spends the budget as an expected number, counted from the past, since session 5); run-wide FDR at
    # 0.05 far fewer (under the global null, P(any) <= 0.05). The budget run has 24 replications: its mean is an
    # estimate of the expectation, so it is held to the budget plus two Monte-Carlo standard errors (it was 1.02,
    # se 0.08, on this small gemeente of 600 series, where few small series are over-counted; 0.88 under Bonferroni).
    budget = step_replications(SMALL, [(1, 10)], 24, seed=7)
    fdr = step_replications(SMALL, [(1, 10)], 12, seed=7, family="fdr")
    half = step_replications(SMALL, [(1, 10)], 12, seed=7, budgets={"wijk": 0.1, "buurt": 0.1})
    per_month = {name: float(run["false_warnings"].mean()) for name, run in
                 (("budget", budget), ("fdr", fdr), ("budget 0.2", half))}
    print("false warnings per month:", per_month)
    per_replication = budget["false_warnings"].mean(axis=2).ravel()
    se = per_replication.std(ddof=1) / np.sqrt(per_replication.size)
    print("budget run: mean", per_month["budget"], "se", se)
    assert per_month["budget"] <= 1.0 + 2 * se
    assert per_month["fdr"] < per_month["budget 0.2"] < per_month["budget"]
    assert (fdr["false_warnings"] > 0).mean() <= 0.1
    assert budget["false_alarms"].mean() <= 0.05


@pytest.mark.slow
def test_detection_grows_with_effect_size_baseline_and_time_since_onset():
    cases = [(1.5, 10), (3, 10), (3, 3), (3, 30)]
    run = step_replications(SMALL, cases, 16, seed=11)
    within = run["flagged"].cumsum(axis=2) > 0  # flagged at least once since the onset
    power = within.mean(axis=1)  # cases x months since onset
    print("detected within k months:", {f"{f}x@{b}": np.round(p, 2).tolist() for (f, b), p in zip(cases, power)})
    onset_3m = power[:, 2]
    assert onset_3m[1] > onset_3m[0]  # 3x beats 1.5x at the same level
    assert onset_3m[3] >= onset_3m[1] > onset_3m[2]  # a higher baseline makes the same factor easier
    assert onset_3m[3] >= 0.9
    assert (np.diff(power, axis=1) >= 0).all() and (power[:, -1] > power[:, 0]).any()  # more months, more found


def test_planted_rise_of_the_original_demo_is_a_documented_result():
    # Issue #22 item 3: the demo's planted jeugdoverlast rise from 1.5x to 3x over six months (restored in #23).
    # One wijk series of 4 a month among a small gemeente's series; the result over 40 seeded replications
    # is recorded here rather than tuned: it is found in most, not all, of them.
    rng = np.random.default_rng(2024)
    found = []
    for _ in range(40):
        counts, means, levels, themes = simulate_panel(SMALL, rng)
        months = np.arange(SMALL.n_months)
        level = 4 * (1 + 0.15 * np.sin(2 * np.pi * months / 12))
        level[-6:] *= np.linspace(1.5, 3.0, 6)
        counts[0] = rng.poisson(level * rng.gamma(10, 0.1, SMALL.n_months))
        result = run_monthly(counts, levels, themes, SMALL.n_months - 6)
        found.append(bool(result.alert[0].any()))
    share = np.mean(found)
    print("1.5x -> 3x at 4 a month, flagged in the six months:", share)
    assert 0.5 <= share < 1.0


@pytest.mark.parametrize("prior", [1.0, 0.5])
def test_budget_threshold_spends_the_budget_as_expected_false_warnings(monkeypatch, prior):
    # The budget is an expected number of false warnings a month. Given the past, a series warns exactly when the
    # month's count reaches the smallest k >= min_count whose p-value is at or below the threshold, and without a
    # change that happens with the predictive chance P(X >= k). With the test's own (flat) prior for the level that
    # chance is the series' p_month at k, so the budget can be checked by brute force: every count 0..80 is put in
    # the evaluated month and the run repeated. The run counts with Jeffreys' prior (0.5), whose chances are smaller
    # (they match frequencies): its threshold is at least as high.
    monkeypatch.setattr(early_warning_module, "_ACCOUNTING_PRIOR", prior)
    rng = np.random.default_rng(3)
    means = np.r_[np.full(15, 8.0), np.full(15, 2.5), np.full(20, 8.0), np.full(30, 0.05)]
    counts = rng.poisson(means[:, None], (80, 72))
    levels = np.repeat(["wijk", "buurt"], [30, 50])
    budgets = {"wijk": 0.6, "buurt": 0.5}
    result = early_warning(counts, levels=levels, budgets=budgets)
    tested = ~np.isnan(result.threshold[:, 0])
    # The 30 quiet buurt series (0.05 a month) almost never reach min_count: they are not in the family, decided
    # from their past, so they cannot warn whatever the month brings.
    assert (result.reach[50:] < RUN_SETTINGS["min_reach"]).all()
    assert not tested[50:].any() and tested[:50].all()
    p_value, p_month = np.empty((80, 81)), np.empty((80, 81))
    for k in range(81):
        trial = counts.copy()
        trial[:, -1] = k
        run = early_warning(trial, levels=levels, budgets=budgets)
        assert_allclose(run.threshold, result.threshold)  # decided on the past alone
        p_value[:, k], p_month[:, k] = run.p_value[:, 0], run.p_month[:, 0]
    assert (np.diff(p_value[tested], axis=1) <= 0).all()  # a higher count is never less surprising
    if prior == 0.5:
        monkeypatch.setattr(early_warning_module, "_ACCOUNTING_PRIOR", 1.0)
        flat = early_warning(counts, levels=levels, budgets=budgets).threshold[:, 0]
        flat_thresholds = {"wijk": flat[0], "buurt": flat[30]}
    else:
        flat_thresholds = {}
    for level, rows in (("wijk", slice(0, 30)), ("buurt", slice(30, 50))):
        threshold = result.threshold[rows, 0]
        assert np.unique(threshold).size == 1

        def expected(t, rows=rows):
            warns = (p_value[rows] <= t) & (np.arange(81) >= RUN_SETTINGS["min_count"])
            first = warns.argmax(axis=1)
            return p_month[rows][np.arange(first.size), first].sum()

        if prior == 1.0:
            spent = expected(threshold[0])
            # Within the budget, and the next level at which any series would warn at a lower count exceeds it.
            above = p_value[rows][(p_value[rows] > threshold[0]) & (np.arange(81) >= RUN_SETTINGS["min_count"])].min()
            assert spent <= budgets[level], (level, spent)
            # ... and it is the largest such level: at the next one any series would warn at a lower count and the
            # budget would be exceeded, unless the threshold is the unadjusted alpha (the cap).
            assert threshold[0] == RUN_SETTINGS["alpha"] or expected(above) > budgets[level], (level, expected(above))
            flat_thresholds[level] = threshold[0]
        else:
            assert threshold[0] >= flat_thresholds[level]


def test_theme_fdr_pools_evidence_within_a_theme():
    rng = np.random.default_rng(8)
    n_areas, n_themes = 20, 10
    counts = rng.poisson(10, (n_areas * n_themes, 96))
    themes = np.tile(np.arange(n_themes), n_areas)
    rising = np.flatnonzero(themes == 0)[:8]
    counts[rising, -1] = 21  # eight areas of one theme a little high together
    by_theme = early_warning(counts, themes=themes, family="theme_fdr")
    run_wide = early_warning(counts, family="fdr")
    assert by_theme.alert[rising, 0].sum() > run_wide.alert[rising, 0].sum()
    # The theme cut-off is the Benjamini-Hochberg cut-off within the theme.
    in_theme = themes == 0
    assert by_theme.alert[in_theme, 0].sum() == ((by_theme.p_value[in_theme, 0] <= by_theme.threshold[in_theme, 0])
                                                  & (by_theme.observed[in_theme, 0] >= 3)).sum()


def test_partial_month_is_never_judged_and_counts_in_proportion():
    rng = np.random.default_rng(12)
    counts = rng.poisson(20, (5, 72))
    counts[:, -1] = 60  # would be an alarm if the month were whole
    coverage = np.ones(72)
    coverage[-1] = 0.5
    coverage[30] = 0.25
    counts[:, 30] = rng.poisson(5, 5)  # a partial month in the history: not a dip in the baseline
    result = early_warning(counts, start=60, coverage=coverage)
    assert result.partial[:, -1].all() and not result.partial[:, :-1].any()
    assert not result.alert[:, -1].any()
    whole = early_warning(counts, start=60)
    assert whole.alert[:, -1].all()
    # Month 42 has month 30 in its baseline: with coverage it is scaled up, without it pulls the expectation down.
    scaled = early_warning(counts, start=42, coverage=coverage).expected[:, 0]
    naive = early_warning(counts, start=42).expected[:, 0]
    assert (scaled > naive).all()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"family": "bonferroni"}, "family='bonferroni' is not valid: use one of budget, theme_fdr, fdr"),
        ({"levels": ["wijk"]}, r"levels has shape \(1,\): expected one label per series \(2,\)"),
        ({"levels": ["wijk", "buurt"], "budgets": {"wijk": 0.5}}, "no false-alarm budget for level"),
        ({"levels": ["wijk", "wijk"], "budgets": {"wijk": 0}}, r"budgets\['wijk'\]=0 is not valid"),
        ({"family": "theme_fdr"}, "family='theme_fdr' needs themes"),
        ({"coverage": [1.0, 1.5, 1.0]}, r"coverage\[1\]=1.5 is not valid"),
        ({"coverage": [1.0]}, r"coverage has shape \(1,\)"),
    ],
)
def test_invalid_family_settings_are_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        early_warning([[1, 2, 3], [4, 5, 6]], **arguments)
