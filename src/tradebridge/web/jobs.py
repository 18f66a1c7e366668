"""Bounded work for the web app: a gate for cache-missing computations and a worker pool for runs.

Two shapes of slow work reach the server:

* **cache-missing computations** (an indicator or a page for parameters nobody asked for yet, about
  3 s each): :class:`ComputeGate` lets ``slots`` of them compute at once and ``waiting`` more wait
  for a slot; a request beyond that is refused at once with :class:`Busy` (HTTP 503 with a
  ``Retry-After`` header, :func:`busy_http`), so a burst of them cannot take every thread of the
  server and cached pages stay fast. Cached answers never pass through the gate: wrap only the
  ``compute`` function given to :meth:`~tradebridge.web.queries.StoreAccess.cached`;
* **runs** (a GE scenario, a minute of CPU): :class:`WorkerPool` runs them in ``workers`` background
  threads with at most ``queue`` more queued; one job per key (a second request for the same key
  joins the first); each job reports its progress (step k of n and what it is doing); a submission
  beyond the cap is refused with :class:`Busy`, never queued without bound.

The sizes come from the app's settings (``extra``) or the environment, read when the app is built:
``TRADEBRIDGE_COMPUTE_SLOTS`` (default 1: DuckDB already spreads one computation over the cores, and
the indicators' per-connection settings are not safe to change from two threads of one process at
once; 0 turns the gate off), ``TRADEBRIDGE_COMPUTE_QUEUE`` (default 8), ``TRADEBRIDGE_SCENARIO_WORKERS``
(default 1), ``TRADEBRIDGE_SCENARIO_QUEUE`` (default 4).

>>> gate = ComputeGate(slots=1, waiting=0)
>>> gate.run(lambda: 6 * 7)
42
>>> pool = WorkerPool(workers=1, queue=1)
>>> job = pool.submit("k", lambda progress: progress(1, 1, "solving") or "done")
>>> pool.wait("k", timeout=10)["status"], pool.get("k")["result"]
('done', 'done')
"""

from __future__ import annotations

import os
import queue as queues
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import HTTPException

from tradebridge.errors import ConfigError, TradebridgeError

Progress = Callable[[int, int, str], None]


class Busy(TradebridgeError):
    """The server is at its cap for slow work; ``retry_after`` seconds is a fair wait."""

    default_fix = "retry in a few seconds"

    def __init__(self, message: str, *, retry_after: int = 5, hint: str | None = None) -> None:
        super().__init__(message, hint=hint or f"retry in {retry_after} s")
        self.retry_after = retry_after


def busy_http(exc: Busy) -> HTTPException:
    """503 Service Unavailable with ``Retry-After`` for a :class:`Busy` refusal."""
    return HTTPException(status_code=503, detail=str(exc), headers={"Retry-After": str(exc.retry_after)})


def setting(extra: Mapping[str, Any], name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number size from ``extra[name]`` or env ``TRADEBRIDGE_<NAME>``, else ``default``.

    >>> setting({"compute_slots": "3"}, "compute_slots", 2)
    3
    """
    raw = extra.get(name)
    if raw is None:
        raw = os.environ.get(f"TRADEBRIDGE_{name.upper()}")
    if raw is None or raw == "":
        return default
    text = str(raw).strip()
    if not text.isdigit() or int(text) < minimum:
        raise ConfigError(f"{name} must be a whole number >= {minimum}, got {raw!r}",
                          hint=f"set TRADEBRIDGE_{name.upper()} to e.g. {default}")
    return int(text)


class ComputeGate:
    """At most ``slots`` computations at once and ``waiting`` more waiting; others refused with :class:`Busy`.

    ``slots=0`` turns the gate off (every computation runs at once), for comparisons.
    """

    def __init__(self, slots: int = 1, waiting: int = 8, *, retry_after: int = 5,
                 max_wait_s: float = 60.0) -> None:
        self.slots, self.waiting, self.retry_after, self.max_wait_s = slots, waiting, retry_after, max_wait_s
        self._cond = threading.Condition()
        self._running = 0
        self._queued = 0
        self.refused = 0

    def stats(self) -> dict[str, int]:
        """``{"slots", "waiting_cap", "running", "waiting", "refused"}`` now."""
        with self._cond:
            return {"slots": self.slots, "waiting_cap": self.waiting, "running": self._running,
                    "waiting": self._queued, "refused": self.refused}

    def _refuse(self, why: str) -> Busy:
        self.refused += 1
        return Busy(f"the server is computing {self._running} uncached answers with {self._queued} waiting "
                    f"({why})", retry_after=self.retry_after,
                    hint=f"retry in {self.retry_after} s; answers already computed are served at once")

    def _acquire(self) -> None:
        with self._cond:
            if self._running < self.slots:
                self._running += 1
                return
            if self._queued >= self.waiting:
                raise self._refuse(f"cap {self.slots} + {self.waiting}")
            self._queued += 1
            deadline = time.monotonic() + self.max_wait_s
            try:
                while self._running >= self.slots:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise self._refuse(f"waited {self.max_wait_s:g} s for a slot")
                    self._cond.wait(left)
                self._running += 1
            finally:
                self._queued -= 1

    def _release(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify()

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` in a slot (blocking the calling thread while it waits for one)."""
        if self.slots <= 0:
            return fn(*args, **kwargs)
        self._acquire()
        try:
            return fn(*args, **kwargs)
        finally:
            self._release()

    def wrap(self, fn: Callable[[], Any]) -> Callable[[], Any]:
        """``fn`` gated: give this as the ``compute`` of ``StoreAccess.cached`` (cache hits never wait)."""
        return lambda: self.run(fn)


class WorkerPool:
    """Background jobs in ``workers`` threads, at most ``queue`` queued, one per key, with progress.

    A job is ``fn(progress) -> result``; ``progress(step, steps, what)`` records how far it is. A job
    that failed with an error may be submitted again; a queued, running or finished one is joined. At
    most ``keep`` finished jobs stay in memory (the oldest are forgotten first; callers keep results on
    disk).
    """

    def __init__(self, workers: int = 1, queue: int = 4, *, retry_after: int = 30, keep: int = 256) -> None:
        if workers < 1:
            raise ConfigError(f"scenario_workers must be at least 1, got {workers}")
        self.workers, self.queue_cap, self.retry_after, self.keep = workers, queue, retry_after, keep
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._order: list[str] = []  # queued keys, oldest first
        self._queue: queues.Queue = queues.Queue()  # unbounded: submit() enforces the cap and says why
        self._threads: list[threading.Thread] = []
        self._done = threading.Condition(self._lock)

    def _active(self) -> int:
        return sum(1 for j in self._jobs.values() if j["status"] in ("queued", "running"))

    def submit(self, key: str, fn: Callable[[Progress], Any]) -> dict[str, Any]:
        """Queue ``fn`` under ``key`` (or join the job already there); :class:`Busy` beyond the cap."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job["status"] != "error":
                return self._view(key)
            if self._active() >= self.workers + self.queue_cap:
                raise Busy(f"{self.workers} run(s) in progress and {self.queue_cap} queued, the most this server "
                           "takes", retry_after=self.retry_after,
                           hint=f"retry in {self.retry_after} s, or open a result that is already computed")
            self._jobs[key] = {"status": "queued", "step": 0, "steps": 0, "what": "queued"}
            self._order.append(key)
            self._queue.put((key, fn))
            self._threads = [t for t in self._threads if t.is_alive()]
            if len(self._threads) < self.workers:
                # daemon threads: a pending run never keeps the server (or a test session) from exiting
                t = threading.Thread(target=self._loop, name=f"tb-job-{len(self._threads)}", daemon=True)
                t.start()
                self._threads.append(t)
            return self._view(key)

    def stats(self) -> dict[str, int]:
        """``{"workers", "queue_cap", "running", "queued", "jobs"}`` now (jobs: every key known, done included)."""
        with self._lock:
            states = [j["status"] for j in self._jobs.values()]
            return {"workers": self.workers, "queue_cap": self.queue_cap, "running": states.count("running"),
                    "queued": states.count("queued"), "jobs": len(states)}

    def put_done(self, key: str, result: Any) -> None:
        """Record a result computed earlier (read back from a cache file)."""
        with self._lock:
            self._jobs[key] = {"status": "done", "step": 1, "steps": 1, "what": "done", "result": result}
            self._forget()

    def _forget(self) -> None:
        """Drop the oldest finished jobs beyond :attr:`keep` (call with the lock held)."""
        finished = [k for k, j in self._jobs.items() if j["status"] in ("done", "error")]
        for k in finished[:max(0, len(finished) - self.keep)]:
            del self._jobs[k]

    def get(self, key: str) -> dict[str, Any] | None:
        """A snapshot of the job: status queued|running|done|error, step, steps, what, position (queued),
        result (done) or error; ``None`` for an unknown key."""
        with self._lock:
            return self._view(key) if key in self._jobs else None

    def wait(self, key: str, timeout: float) -> dict[str, Any] | None:
        """Block until the job is done or failed, or ``timeout`` seconds pass; its snapshot."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while key in self._jobs and self._jobs[key]["status"] in ("queued", "running"):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._done.wait(left)
            return self._view(key) if key in self._jobs else None

    def _view(self, key: str) -> dict[str, Any]:
        job = dict(self._jobs[key])
        if job["status"] == "queued":
            job["position"] = self._order.index(key) + 1 if key in self._order else 1
        return job

    def _progress(self, key: str) -> Progress:
        def report(step: int, steps: int, what: str) -> None:
            with self._lock:
                self._jobs[key].update(step=int(step), steps=int(steps), what=str(what))
        return report

    def _loop(self) -> None:
        while True:
            key, fn = self._queue.get()
            with self._lock:
                if key in self._order:
                    self._order.remove(key)
                self._jobs[key].update(status="running", what="starting")
            try:
                update = {"status": "done", "result": fn(self._progress(key)), "what": "done"}
            except TradebridgeError as exc:
                update = {"status": "error", "error": str(exc)}
            except Exception as exc:  # noqa: BLE001 - a failed background job must be reported, not lost
                update = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
            with self._lock:
                self._jobs[key].update(update)
                self._done.notify_all()
                self._forget()


def gate_for(ctx: Any) -> ComputeGate:
    """The app's one :class:`ComputeGate` (sizes from ``compute_slots`` / ``compute_queue``)."""
    gate = ctx.state.get("compute_gate")
    if gate is None:
        extra = ctx.settings.extra
        gate = ctx.state["compute_gate"] = ComputeGate(setting(extra, "compute_slots", 1),
                                                       setting(extra, "compute_queue", 8))
    return gate


def pool_for(ctx: Any) -> WorkerPool:
    """The app's one :class:`WorkerPool` for scenario runs (``scenario_workers`` / ``scenario_queue``)."""
    pool = ctx.state.get("scenario_pool")
    if pool is None:
        extra = ctx.settings.extra
        pool = ctx.state["scenario_pool"] = WorkerPool(setting(extra, "scenario_workers", 1, minimum=1),
                                                       setting(extra, "scenario_queue", 4))
    return pool
