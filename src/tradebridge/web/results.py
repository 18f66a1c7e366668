"""Slow results for the dashboard: GE scenarios (run in one background worker, cached per store
version) and the DEMO survey/interview results.

A scenario run goes through the one scenario pipeline (:func:`tradebridge.models.pipeline.run_scenario`,
also used by the CLI and the brief): the partial effect ``from_panel`` is estimated once per store
version and panel (about 12 s, cached), then the exact GE engine solves the central value and every
uncertainty draw (a fraction of a second for 200 draws). The API answers ``running`` at once and the page refreshes until the result is
there; finished results are also written as JSON under ``<cache>/web/`` so a restart does not redo them.

>>> ScenarioRunner.key_for("abc", "kor_mex_fta", 20)
'scenario-abc-kor_mex_fta-20'
"""

from __future__ import annotations

import json
import math
import queue
import threading
from pathlib import Path
from typing import Any

from tradebridge.errors import ConfigError, TradebridgeError
from tradebridge.web.queries import StoreAccess, records


class ScenarioRunner:
    """Runs shipped scenarios one at a time in a background thread; results cached per store version."""

    def __init__(self, access: StoreAccess, cache_dir: Path | None, *, draws: int | None = None) -> None:
        self.access = access
        self.cache_dir = cache_dir
        self.draws = draws
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None

    @staticmethod
    def key_for(version: str, name: str, draws: int) -> str:
        return f"scenario-{version}-{name}-{draws}"

    @staticmethod
    def names() -> list[str]:
        from tradebridge.models.scenarios import shipped_scenarios

        return shipped_scenarios()

    def _spec(self, name: str):
        from tradebridge.models.scenarios import load_scenario

        if name not in self.names():
            raise ConfigError(f"no shipped scenario {name!r}; choose one of {', '.join(self.names())}")
        spec = load_scenario(name)
        if self.draws is not None:
            from dataclasses import replace

            spec = replace(spec, draws=self.draws)
        return spec

    def _path(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{key}.json"

    def status(self, name: str, *, start: bool = False) -> dict[str, Any]:
        """``{"scenario", "status": not_run|running|done|error, "result"?, "error"?}``."""
        spec = self._spec(name)
        version = self.access.version()
        import hashlib

        from tradebridge.models.scenarios import scenario_text

        # the file's hash in the key: an edited scenario (or a new engine setting) is not served stale
        key = f"{self.key_for(version, name, spec.draws)}-{hashlib.sha256(scenario_text(name)).hexdigest()[:10]}"
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                path = self._path(key)
                if path is not None and path.is_file():
                    job = self._jobs[key] = {"status": "done", "result": json.loads(path.read_text("utf-8"))}
                elif start and version != "no-store":
                    job = self._jobs[key] = {"status": "running"}
                    self._submit(key, spec)
        base = {"scenario": name, "title": spec.name, "description": spec.description, "draws": spec.draws,
                "level": spec.level, "store_version": version}
        if job is None:
            return {**base, "status": "no-store" if version == "no-store" else "not_run"}
        return {**base, **job}

    def _partial(self, spec) -> tuple[float, float] | None:
        """The file's partial effect when it is ``from_panel``: estimated once per store version."""
        if spec.from_panel is None or spec.estimate is not None:
            return None

        def compute() -> tuple[float, float]:
            from tradebridge.models.pipeline import partial_from_panel

            return partial_from_panel(spec, store_path=self.access.path, raw_dir=None)

        key = ("scenario_partial", spec.from_panel, spec.agreements)
        return self.access.cached(key, compute)[0]

    def _run(self, key: str, spec) -> None:
        try:
            from tradebridge.models.pipeline import run_scenario

            res = run_scenario(spec, store_path=self.access.path, partial=self._partial(spec))
            out = jsonable(res.to_dict())
            out["focus"] = records(res.legacy_focus())
            out.pop("countries", None)
            job = {"status": "done", "result": out}
            path = self._path(key)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
                tmp.replace(path)
        except TradebridgeError as exc:
            job = {"status": "error", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a failed background job must be reported, not lost
            job = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
        with self._lock:
            self._jobs[key] = job

    def _submit(self, key: str, spec) -> None:
        # a daemon thread: a pending run never keeps the server (or a test session) from exiting
        self._queue.put((key, spec))
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._loop, name="tb-scenario", daemon=True)
            self._worker.start()

    def _loop(self) -> None:
        while True:
            key, spec = self._queue.get()
            self._run(key, spec)


def jsonable(obj: Any) -> Any:
    """Nested dicts/lists with NaN/inf -> None and numpy scalars -> Python (strict JSON).

    >>> jsonable({"a": [float("nan"), 1.5]})
    {'a': [None, 1.5]}
    """
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def perceptions(access: StoreAccess) -> dict[str, Any]:
    """DEMO survey estimates (Likert by country, cooperation priorities) and DEMO interview themes."""
    def compute() -> dict[str, Any]:
        from tradebridge.interviews.demo import demo_interview_results
        from tradebridge.survey.demo import demo_survey_results

        survey = demo_survey_results()
        interviews = demo_interview_results()
        return {"demo": True,
                "survey": {"likert": records(survey["likert"]), "crosstab": records(survey["crosstab"]),
                           "crosstab_test": records(survey["crosstab_test"]),
                           "respondents": len(survey["responses"])},
                "interviews": {"frequencies": records(interviews["frequencies"]),
                               "quotes": records(interviews["quotes"]),
                               "transcripts": records(interviews["transcripts"])}}

    return access.cached(("perceptions",), compute)[0]


BRIEF_NAMES = tuple(f"brief-{lang}.{ext}" for lang in ("en", "es", "ko") for ext in ("html", "pdf"))


def brief_files(out_dir: Path) -> list[dict[str, Any]]:
    """The built briefs present in ``out_dir`` (only the fixed names ``brief-<lang>.<html|pdf>``)."""
    found = []
    for name in BRIEF_NAMES:
        path = out_dir / name
        if path.is_file():
            found.append({"name": name, "lang": name[6:8], "format": name.rsplit(".", 1)[1],
                          "bytes": path.stat().st_size, "url": f"/brief/files/{name}"})
    return found
