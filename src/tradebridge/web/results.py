"""Slow results for the dashboard: GE scenarios (run in one background worker, cached per store
version) and the DEMO survey/interview results.

The scenarios are the model evidence of the app's scope, by the same functions as the brief's
(:mod:`tradebridge.evidence.model_run`): the shipped scenarios about the scope
(:func:`~tradebridge.evidence.model_run.scenarios_for`), each solved by the one scenario pipeline with
the scope's pooled partial effect (:func:`~tradebridge.evidence.model_run.scope_partial`, estimated
once per store version, about 12 s, cached); the exact GE engine then solves the central value and
every uncertainty draw (a fraction of a second for 200 draws). The API answers ``running`` at once and the page refreshes until the result is
there; finished results are also written as JSON under ``<cache>/web/`` so a restart does not redo them.

>>> ScenarioRunner.key_for("abc", "kor_mex_fta", 20)
'scenario-abc-kor_mex_fta-20'
"""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path
from typing import Any

from tradebridge._json import to_jsonable
from tradebridge.errors import ConfigError, TradebridgeError
from tradebridge.i18n import LANGS
from tradebridge.reference.blocs import Scope
from tradebridge.web.queries import StoreAccess, records


class ScenarioRunner:
    """Runs the scope's shipped scenarios one at a time in a background thread; results cached per
    store version."""

    def __init__(self, access: StoreAccess, scope: Scope, cache_dir: Path | None, *,
                 draws: int | None = None) -> None:
        self.access = access
        self.scope = scope
        self.cache_dir = cache_dir
        self.draws = draws
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None

    @staticmethod
    def key_for(version: str, name: str, draws: int) -> str:
        return f"scenario-{version}-{name}-{draws}"

    def names(self) -> list[str]:
        """The shipped scenarios about the scope (none for a scope no scenario file is about)."""
        from tradebridge.evidence.model_run import scenarios_for

        return list(scenarios_for(self.scope))

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

        # the file's hash and the scope in the key: an edited scenario (or another scope) is not served stale
        digest = hashlib.sha256(scenario_text(name) + repr(self.scope).encode()).hexdigest()[:10]
        key = f"{self.key_for(version, name, spec.draws)}-{digest}"
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                path = self._path(key)
                if path is not None and path.is_file():
                    job = self._jobs[key] = {"status": "done", "result": json.loads(path.read_text("utf-8"))}
                elif start and version != "no-store":
                    job = self._jobs[key] = {"status": "running"}
                    self._submit(key, name, spec.draws)
        base = {"scenario": name, "title": spec.name, "titles": {lg: spec.title(lg) for lg in LANGS},
                "description": spec.description, "draws": spec.draws,
                "level": spec.level, "store_version": version}
        if job is None:
            return {**base, "status": "no-store" if version == "no-store" else "not_run"}
        return {**base, **job}

    def _partial(self) -> tuple[float, float]:
        """The scope's pooled partial effect, estimated once per store version."""
        from tradebridge.evidence.model_run import scope_partial

        return self.access.cached(("scope_partial", self.scope),
                                  lambda: scope_partial(self.access.path, self.scope))[0]

    def _run(self, key: str, name: str, draws: int) -> None:
        try:
            from tradebridge.evidence.model_run import run_scope_scenario

            res = run_scope_scenario(self.access.path, name, self._partial(), draws=draws)
            out = to_jsonable(res.to_dict())
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

    def _submit(self, key: str, name: str, draws: int) -> None:
        # a daemon thread: a pending run never keeps the server (or a test session) from exiting
        self._queue.put((key, name, draws))
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._loop, name="tb-scenario", daemon=True)
            self._worker.start()

    def _loop(self) -> None:
        while True:
            key, name, draws = self._queue.get()
            self._run(key, name, draws)


def perceptions(access: StoreAccess, scope: Scope) -> dict[str, Any]:
    """DEMO survey estimates (Likert by country, cooperation priorities) and DEMO interview themes, for
    the scope the shipped demo data were made for (as in the brief:
    :func:`tradebridge.evidence.collect.curated_covers`); another scope gets a DataError saying so."""
    from tradebridge.errors import DataError
    from tradebridge.evidence.collect import curated_covers
    from tradebridge.web.queries import agreements

    ids = [a["agreement_id"] for a in agreements(access, scope)["agreements"]]
    if not curated_covers(ids, scope):
        raise DataError(f"no survey or interview results about {scope.reporter} and {scope.label}: the shipped "
                        "demo data are about the scope of the curated agreement timeline",
                        hint="collect responses with the survey forms (/survey) and code interviews (/admin)")

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


BRIEF_NAMES = tuple(f"brief-{lang}.{ext}" for lang in LANGS for ext in ("html", "pdf"))


def brief_files(out_dir: Path) -> list[dict[str, Any]]:
    """The built briefs present in ``out_dir`` (only the fixed names ``brief-<lang>.<html|pdf>``)."""
    found = []
    for name in BRIEF_NAMES:
        path = out_dir / name
        if path.is_file():
            found.append({"name": name, "lang": name[6:8], "format": name.rsplit(".", 1)[1],
                          "bytes": path.stat().st_size, "url": f"/brief/files/{name}"})
    return found
