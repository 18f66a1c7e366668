"""The library face (``import tradebridge as tb``): lazy exports, a fast import, one JSON cleaner, and
the notebook-style example of docs/library.md run as a doctest."""

from __future__ import annotations

import doctest
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradebridge as tb
from tradebridge._json import to_jsonable

DOCS = Path(__file__).resolve().parents[2] / "docs" / "library.md"
HEAVY = ("pandas", "numpy", "ibis", "duckdb", "pyfixest", "fastapi", "jinja2", "typer")


def test_import_loads_no_heavy_dependency():
    code = (f"import sys, tradebridge; heavy = {HEAVY!r}; print([m for m in heavy if m in sys.modules]); "
            "tradebridge.Scope; print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"  # nothing heavy at import
    assert out[1] == "[]"  # the scope (reference layer) needs none of them either


def test_the_face_names_the_entry_points():
    from tradebridge.indicators.overview import trade_overview
    from tradebridge.indicators.registry import compute_indicator
    from tradebridge.models.gravity import estimate_gravity
    from tradebridge.models.pipeline import run_scenario
    from tradebridge.report import build_brief
    from tradebridge.store import Store

    assert (tb.Store, tb.trade_overview, tb.compute_indicator, tb.estimate_gravity, tb.run_scenario,
            tb.build_brief) == (Store, trade_overview, compute_indicator, estimate_gravity, run_scenario, build_brief)
    text = DOCS.read_text(encoding="utf-8")
    # the docs' example calls each entry point (and the test below runs it)
    assert all(f"tb.{name}(" in text for name in ("resolve_scope", "scope_from_settings", "load_settings",
                                                 "trade_overview", "compute_indicator", "load_gravity_data",
                                                 "estimate_gravity", "run_scenario", "build_brief"))
    assert set(tb.__all__) <= set(dir(tb))
    for name in tb.__all__:
        assert getattr(tb, name) is not None
    with pytest.raises(AttributeError, match="the library face is"):
        tb.estimate_gravty  # noqa: B018 - a typo names the valid entry points


def test_one_json_cleaner():
    from tradebridge.cli import _common
    from tradebridge.web import queries, results

    assert _common.to_jsonable is results.to_jsonable is to_jsonable and queries.records.__module__ == "tradebridge._json"
    frame = pd.DataFrame({"d": pd.to_datetime(["2004-04-01", None]), "x": [np.float32(1.5), np.nan],
                          "n": pd.array([1, None], dtype="Int64"), "t": [pd.Timestamp("2016-07-15 12:30"), pd.NaT]})
    assert to_jsonable({"rows": frame, "inf": -math.inf, "np": np.int64(7), "p": Path("a") / "b"}) == {
        "rows": [{"d": "2004-04-01", "x": 1.5, "n": 1, "t": "2016-07-15T12:30:00"},
                 {"d": None, "x": None, "n": None, "t": None}],
        "inf": None, "np": 7, "p": str(Path("a") / "b")}


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids, max_size=4),
                    max_leaves=20))
def test_the_cleaner_always_gives_strict_json(value):
    text = json.dumps(to_jsonable(value), allow_nan=False)  # raises on NaN/inf, never here
    assert json.loads(text) == to_jsonable(value)


def test_results_share_the_display_and_json_mixin():
    from tradebridge._display import ResultViews

    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame({"x": rng.normal(size=n)})
    frame["y"] = np.exp(0.5 + 0.3 * frame["x"]) * rng.gamma(4.0, 0.25, size=n)
    res = tb.estimate_gravity(frame, "y ~ x", separation=())
    assert isinstance(res, ResultViews)
    body = json.loads(res.to_json())
    assert body["coefficients"]["x"]["estimate"] == pytest.approx(res.coefficient("x"), rel=1e-12)
    assert "<table" in res._repr_html_() and res.summary().startswith(res.title)


def _result_classes() -> list[type]:
    """Every frozen result dataclass with ``to_frame`` in the analysis packages that share the views."""
    import dataclasses
    import importlib
    import pkgutil

    import tradebridge.interviews
    import tradebridge.models
    import tradebridge.survey

    out = set()
    for pkg in (tradebridge.models, tradebridge.survey, tradebridge.interviews):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            module = importlib.import_module(info.name)
            out |= {obj for obj in vars(module).values() if isinstance(obj, type) and dataclasses.is_dataclass(obj)
                    and obj.__module__ == info.name and "to_frame" in vars(obj)}
    return sorted(out, key=lambda c: f"{c.__module__}.{c.__name__}")


def test_every_model_survey_and_interview_result_has_the_shared_views():
    from tradebridge._display import ResultViews

    classes = _result_classes()
    names = {c.__name__ for c in classes}
    # the models' results, the survey's estimates/tests/cross-tabs/analysis, the coders' agreement
    assert {"GravityResult", "FTAEffects", "EventStudy", "GEResult", "ScenarioResult", "SeparationResult",
            "Estimates", "CrossTab", "RaoScottTest", "SurveyAnalysis", "Agreement"} <= names
    assert [c.__name__ for c in classes if not issubclass(c, ResultViews)] == []
    assert all(c.__dataclass_params__.frozen for c in classes)


def test_survey_and_interview_results_give_strict_json_and_html():
    from tradebridge.interviews.coding import Agreement
    from tradebridge.models.separation import SeparationResult
    from tradebridge.survey.tables import CrossTab, RaoScottTest

    test = RaoScottTest(statistic=2.5, ndf=1.8, ddf=300.0, p_value=0.09, pearson=np.nan)
    tab = CrossTab(pd.DataFrame({"country": ["CHL"], "level": ["rnd"], "estimate": [0.25]}), test, "country",
                   "coop_priority", demo=True)
    body = json.loads(tab.to_json())
    assert body["test"] == {"statistic": 2.5, "ndf": 1.8, "ddf": 300.0, "p_value": 0.09, "pearson": None}
    assert body["rows"] == [{"country": "CHL", "level": "rnd", "estimate": 0.25}]
    assert "[DEMO DATA]" in tab.summary() and "[DEMO DATA]" in tab._repr_html_() and "<table" in tab._repr_html_()
    kappa = Agreement(pd.DataFrame({"theme": ["(all)"], "kappa": [0.61]}), "ana", "ben")
    assert kappa.summary().splitlines()[:2] == ["Cohen's kappa", "ana vs ben"]
    sep = SeparationResult(separated=np.array([False, True, True]), by_method={"fe": 2, "relu": 0},
                           method_of=np.array(["", "fe", "fe"], dtype=object))
    assert json.loads(sep.to_json())["rows"] == [{"row": 1, "method": "fe"}, {"row": 2, "method": "fe"}]
    assert sep.summary().splitlines()[1] == "2 of 3 rows separated (fe: 2)"


def test_docs_library_example_runs(store_path, tmp_path, monkeypatch):
    """docs/library.md's example, run as a doctest against the reference warehouse."""
    monkeypatch.chdir(tmp_path)
    text = DOCS.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {"STORE": store_path, "OUT": tmp_path / "out"},
                                               "docs/library.md", str(DOCS), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} example(s) of docs/library.md failed (run pytest -s to see)"
