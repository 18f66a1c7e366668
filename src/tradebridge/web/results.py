"""Slow results for the dashboard: GE scenarios (queued in a bounded worker pool, cached per store
version and parameters) and the DEMO survey/interview results.

The scenarios are the model evidence of the app's scope, by the same functions as the brief's
(:mod:`tradebridge.evidence.model_run`): the shipped scenarios about the scope
(:func:`~tradebridge.evidence.model_run.scenarios_for`), each solved by the one scenario pipeline
(:func:`tradebridge.models.pipeline.run_scenario`) with the scope's pooled partial effect
(:func:`~tradebridge.evidence.model_run.scope_partial`, estimated once per store version, about 12 s,
cached). The editable parameters (:data:`EDITABLE`: theta, draws, the shocked pairs) are put into the
scenario file's mapping and the whole is validated by :func:`~tradebridge.models.scenarios.parse_scenario`,
exactly as a YAML file is; the dashboard adds two limits of its own (:data:`WEB_MAX_DRAWS`, pairs
between the reporter and its partners).

A run is a job of :class:`~tradebridge.web.jobs.WorkerPool` keyed by the store version, the scenario
file's bytes, the scope and the parameters: a second request for the same run joins the first; a
finished result is also written as JSON under ``<cache>/web/`` so a restart does not redo it.
:meth:`ScenarioRunner.content` says what a scenario really does on the data present (baseline year
and size, which agreements are in force then, which shocks change anything, which countries the
baseline lacks), read from the warehouse.

>>> parse_pairs("KOR-MEX, kor–per")
(('KOR', 'MEX'), ('KOR', 'PER'))
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tradebridge._json import to_jsonable
from tradebridge.errors import ConfigError
from tradebridge.i18n import LANGS
from tradebridge.reference.blocs import Scope
from tradebridge.web.jobs import Progress, WorkerPool
from tradebridge.web.queries import StoreAccess, records

EDITABLE = ("theta", "draws", "pairs")
WEB_MAX_DRAWS = 1000  # the YAML allows 10,000; a shared server keeps one run under a few seconds of solving
MAX_PAIRS = 12
STEPS = ("partial", "baseline", "solving", "saving")
_PAIR = re.compile(r"^([A-Za-z]{3})\s*[-–—/]\s*([A-Za-z]{3})$")


def parse_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Pairs typed as ``KOR-MEX, KOR-PER`` (hyphen, en dash or slash; commas, semicolons or new lines)."""
    out = []
    for item in re.split(r"[,;\n]+", text or ""):
        item = item.strip()
        if not item:
            continue
        m = _PAIR.match(item)
        if m is None:
            raise ConfigError(f"pairs: {item[:20]!r} is not a pair of ISO3 codes",
                              hint="write pairs as KOR-MEX, separated by commas")
        out.append((m.group(1).upper(), m.group(2).upper()))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _shipped_file(name: str) -> tuple[bytes, dict[str, Any]]:
    """The shipped file's bytes and its mapping, read once (the shipped files do not change while the
    server runs): the run key hashes the same bytes the spec is built from."""
    import yaml

    from tradebridge.models.scenarios import scenario_text

    text = scenario_text(name)
    return text, yaml.safe_load(text)


def _raw_file(name: str) -> dict[str, Any]:
    """The shipped file's mapping (a copy, so a caller may edit it)."""
    return copy.deepcopy(_shipped_file(name)[1])


def pair_kind(raw: Mapping[str, Any]) -> str | None:
    """The shock list the ``pairs`` parameter edits: ``add`` or ``remove`` (``None`` for a bloc join)."""
    shocks = raw.get("shocks") or {}
    return next((k for k in ("add", "remove") if shocks.get(k)), None)


class ScenarioRunner:
    """The scope's shipped scenarios: true content, validated parameters, queued runs, cached results."""

    def __init__(self, access: StoreAccess, scope: Scope, cache_dir: Path | None, *,
                 draws: int | None = None, pool: WorkerPool | None = None) -> None:
        self.access = access
        self.scope = scope
        self.cache_dir = cache_dir
        self.draws = draws
        self.pool = pool or WorkerPool()
        self._names: list[str] | None = None
        self._specs: OrderedDict[tuple, Any] = OrderedDict()  # validated specs by (name, params), LRU
        self._specs_lock = threading.Lock()

    @staticmethod
    def key_for(version: str, name: str, digest: str) -> str:
        """The job and cache-file name of one run.

        >>> ScenarioRunner.key_for("abc", "kor_mex_fta", "0123456789")
        'scenario-abc-kor_mex_fta-0123456789'
        """
        return f"scenario-{version}-{name}-{digest}"

    def names(self) -> list[str]:
        """The shipped scenarios about the scope (none for a scope no scenario file is about)."""
        from tradebridge.evidence.model_run import scenarios_for

        if self._names is None:  # the shipped files do not change while the server runs
            self._names = list(scenarios_for(self.scope))
        return list(self._names)

    # ------------------------------------------------------------------ parameters
    def _raw(self, name: str) -> dict[str, Any]:
        if name not in self.names():
            raise ConfigError(f"no shipped scenario {name!r} for {self.scope.reporter} and {self.scope.label}",
                              hint=f"choose one of {', '.join(self.names()) or '(none for this scope)'}")
        return _raw_file(name)

    def spec(self, name: str, params: Mapping[str, Any] | None = None):
        """The scenario with ``params`` (theta, draws, pairs as text or pairs) applied, validated as a
        YAML file is (:func:`~tradebridge.models.scenarios.parse_scenario`) plus the dashboard's limits."""
        params = {k: v for k, v in (params or {}).items() if k in EDITABLE and v not in (None, "")}
        if self.draws is not None and "draws" not in params:
            params["draws"] = self.draws
        memo = (name, tuple(sorted((k, str(v)) for k, v in params.items())))
        with self._specs_lock:
            if memo in self._specs:
                self._specs.move_to_end(memo)
                return self._specs[memo]
        spec = self._validated(name, params)
        with self._specs_lock:
            self._specs[memo] = spec
            while len(self._specs) > 256:
                self._specs.popitem(last=False)
        return spec

    def _validated(self, name: str, params: dict[str, Any]):
        from tradebridge.models.scenarios import parse_scenario

        raw = self._raw(name)
        if "theta" in params:
            raw.pop("sigma", None)
            theta = params["theta"]
            raw["theta"] = theta.strip().replace(",", ".") if isinstance(theta, str) else theta
        if "draws" in params:
            raw["uncertainty"] = {**(raw.get("uncertainty") or {}), "draws": params["draws"]}
        kind = pair_kind(raw)
        if "pairs" in params:
            if kind is None:
                raise ConfigError("pairs: this scenario's shock is a bloc membership (shocks.join); its pairs are the "
                                  "bloc's members", hint="leave pairs empty for this scenario")
            pairs = params["pairs"]
            pairs = parse_pairs(pairs) if isinstance(pairs, str) else tuple(tuple(p) for p in pairs)
            raw["shocks"] = {**raw["shocks"], kind: [list(p) for p in pairs]}
        spec = parse_scenario(raw)
        if spec.draws > WEB_MAX_DRAWS:
            raise ConfigError(f"uncertainty.draws {spec.draws} is more than this dashboard runs ({WEB_MAX_DRAWS})",
                              hint="use the CLI (tradebridge scenario run) for more draws")
        self._check_pairs(spec)
        return spec

    def _check_pairs(self, spec) -> None:
        allowed = {self.scope.reporter, *self.scope.members}
        pairs = (*spec.add, *spec.remove)
        if len(pairs) > MAX_PAIRS:
            raise ConfigError(f"pairs: {len(pairs)} pairs; the dashboard runs at most {MAX_PAIRS}")
        for a, b in pairs:
            if not {a, b} <= allowed or self.scope.reporter not in (a, b):
                raise ConfigError(f"pairs: {a}-{b} is not a pair of {self.scope.reporter} with one of its partners",
                                  hint=f"use pairs such as {self.scope.reporter}-{self.scope.members[0]}")

    def params(self, spec) -> dict[str, Any]:
        """The editable parameters of ``spec`` as the form shows them."""
        pairs = spec.add or spec.remove
        return {"theta": spec.theta, "draws": spec.draws,
                "pairs": ", ".join(f"{a}-{b}" for a, b in pairs), "pairs_editable": bool(pairs)}

    def key(self, name: str, spec) -> str:
        """The run's key: store version, the file's bytes, the scope, the engine and the parameters."""
        from tradebridge.evidence.model_run import ENGINE

        wanted = json.dumps([spec.theta, spec.draws, spec.add, spec.remove, repr(self.scope), ENGINE])
        digest = hashlib.sha256(_shipped_file(name)[0] + wanted.encode()).hexdigest()[:12]
        return self.key_for(self.access.version(), name, digest)

    # ------------------------------------------------------------------ state
    def _path(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{key}.json"

    def status(self, name: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The state of one run, never starting it: ``{"scenario", "status": no-store|not_run|queued|
        running|done|error, "params", "key", "step", "steps", "what", "position"?, "result"?, "error"?}``."""
        spec = self.spec(name, params)
        version = self.access.version()
        key = self.key(name, spec)
        job = self.pool.get(key)
        if job is None:
            path = self._path(key)
            if path is not None and path.is_file():
                self.pool.put_done(key, json.loads(path.read_text("utf-8")))
                job = self.pool.get(key)
        base = {"scenario": name, "title": spec.name, "titles": {lg: spec.title(lg) for lg in LANGS},
                "description": spec.description, "descriptions": {lg: spec.describe(lg) for lg in LANGS},
                "draws": spec.draws, "level": spec.level, "store_version": version, "key": key,
                "params": self.params(spec)}
        if job is None:
            return {**base, "status": "no-store" if version == "no-store" else "not_run"}
        return {**base, **job}

    def start(self, name: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Queue the run (or join the same run already queued, running or done); its :meth:`status`.
        :class:`~tradebridge.web.jobs.Busy` when the pool is full."""
        from tradebridge.web.queries import NoStore

        spec = self.spec(name, params)
        if self.access.version() == "no-store":
            raise NoStore("no warehouse: build it with `tradebridge data ingest --raw DIR`", key="no_store")
        state = self.status(name, params)
        if state["status"] in ("not_run", "error"):
            key = state["key"]
            self.pool.submit(key, lambda progress: self._run(key, spec, progress))
        return self.status(name, params)

    # ------------------------------------------------------------------ work
    def _partial(self) -> tuple[float, float]:
        """The scope's pooled partial effect, estimated once per store version."""
        from tradebridge.evidence.model_run import scope_partial

        return self.access.cached(("scope_partial", self.scope),
                                  lambda: scope_partial(self.access.path, self.scope))[0]

    def _baseline(self, data: str):
        from tradebridge.models.inputs import load_gravity_data

        return self.access.cached(("gravity_data", data), lambda: load_gravity_data(data, store_path=self.access.path))[0]

    def _run(self, key: str, spec, progress: Progress) -> dict[str, Any]:
        from tradebridge.models.pipeline import run_scenario

        n = len(STEPS)
        progress(1, n, "partial")
        partial = self._partial() if spec.needs_partial and spec.estimate is None else None
        progress(2, n, "baseline")
        data = self._baseline(spec.data)
        progress(3, n, "solving")
        res = run_scenario(spec, store_path=self.access.path, partial=partial, data=data)
        progress(4, n, "saving")
        out = to_jsonable(res.to_dict())
        out["focus"] = records(res.legacy_focus())
        out.pop("countries", None)
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return out

    # ------------------------------------------------------------------ true content
    def content(self, name: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What the scenario does on the data present: the baseline (data, year, economies), the
        agreements listed with whether each is in force in the baseline year, each shocked pair with
        its effect (``applied``, ``already`` in force, ``not_in_force`` so nothing to remove,
        ``absent`` from the baseline) and the focus or bloc countries the baseline lacks."""
        spec = self.spec(name, params)  # the content depends on the pairs, not on theta or the draws
        key = ("scenario_content", name, self.scope, spec.add, spec.remove)
        return self.access.cached(key, lambda: self._content(spec))[0]

    def _content(self, spec) -> dict[str, Any]:
        from tradebridge.models.pipeline import agreements_for, baseline_year
        from tradebridge.reference.blocs import bloc_members

        frame = baseline_year(spec, self._baseline(spec.data))
        present = set(frame["exporter"]) | set(frame["importer"])
        ags = agreements_for(spec.agreements, self.access.path) if spec.agreements else {}
        year = spec.year if spec.year is not None else 10_000
        active = {frozenset((a.a, a.b)) for a in ags.values() if a.year <= year}
        shocks = [("add", p) for p in spec.add] + [("remove", p) for p in spec.remove]
        bloc = []
        for country, bloc_id, _ in spec.joins:
            bloc.extend(m for m in bloc_members(bloc_id) if m != country)
            shocks += [("add", (country, m)) for m in bloc_members(bloc_id) if m != country]
        rows = []
        for kind, (a, b) in shocks:
            on = frozenset((a, b)) in active
            effect = ("absent" if not {a, b} <= present else "already" if kind == "add" and on
                      else "not_in_force" if kind == "remove" and not on else "applied")
            rows.append({"kind": kind, "a": a, "b": b, "effect": effect})
        wanted = dict.fromkeys([*spec.focus, *bloc, *(c for _, p in shocks for c in p)])
        return {"baseline": {"data": spec.data, "year": spec.year, "countries": len(present)},
                "agreements": [{"id": a.id, "a": a.a, "b": a.b, "year": int(a.year),
                                "in_force": frozenset((a.a, a.b)) in active} for a in ags.values()],
                "shocks": rows, "absent": [c for c in wanted if c not in present],
                "theta": spec.theta, "draws": spec.draws, "level": spec.level}


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
