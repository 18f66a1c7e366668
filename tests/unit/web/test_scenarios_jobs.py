"""The bounded work of the web app (tradebridge.web.jobs): the gate for cache-missing computations and
the worker pool for scenario runs. Threads are coordinated with events, never with sleeps or timings."""

from __future__ import annotations

import threading

import pytest

from tradebridge.errors import ConfigError
from tradebridge.web.jobs import Busy, ComputeGate, WorkerPool, busy_http, setting

WAIT = 30  # seconds: only a bound for a broken implementation; a passing run never waits this long


def _blocker(release: threading.Event, started: threading.Event | None = None):
    def work(*_args):
        if started is not None:
            started.set()
        assert release.wait(WAIT)
        return "released"
    return work


def test_gate_lets_slots_run_queues_the_next_and_refuses_beyond():
    gate = ComputeGate(slots=1, waiting=1, retry_after=7)
    release, started = threading.Event(), threading.Event()
    results: list[object] = []
    first = threading.Thread(target=lambda: results.append(gate.run(_blocker(release, started))))
    first.start()
    assert started.wait(WAIT)
    second = threading.Thread(target=lambda: results.append(gate.run(lambda: "second")))
    second.start()
    for _ in range(1000):  # until the second is waiting for the slot (bounded spin on the gate's own state)
        if gate.stats()["waiting"] == 1:
            break
        threading.Event().wait(0.005)
    assert gate.stats() == {"slots": 1, "waiting_cap": 1, "running": 1, "waiting": 1, "refused": 0}
    with pytest.raises(Busy) as info:  # slot and queue full: the third is refused at once
        gate.run(lambda: "third")
    assert info.value.retry_after == 7 and "retry in 7 s" in str(info.value)
    http = busy_http(info.value)
    assert http.status_code == 503 and http.headers == {"Retry-After": "7"}
    release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert sorted(results) == ["released", "second"]
    assert gate.stats()["running"] == 0 and gate.stats()["refused"] == 1


def test_gate_with_zero_slots_is_off_and_wrap_computes_the_same_value():
    gate = ComputeGate(slots=0, waiting=0)
    assert [gate.run(lambda k=k: k * k) for k in range(3)] == [0, 1, 4]
    assert ComputeGate(slots=1, waiting=0).wrap(lambda: "v")() == "v"


def test_gate_waiter_gives_up_after_its_bound():
    gate = ComputeGate(slots=1, waiting=1, max_wait_s=0.05)
    release, started = threading.Event(), threading.Event()
    holder = threading.Thread(target=lambda: gate.run(_blocker(release, started)))
    holder.start()
    assert started.wait(WAIT)
    with pytest.raises(Busy, match="waited 0.05 s"):
        gate.run(lambda: "late")
    release.set()
    holder.join(WAIT)


def test_pool_runs_one_job_per_key_and_reports_progress():
    pool = WorkerPool(workers=1, queue=2)
    calls: list[str] = []
    release, started = threading.Event(), threading.Event()

    def job(progress):
        calls.append("run")
        progress(2, 4, "solving")
        started.set()
        assert release.wait(WAIT)
        return {"value": 42}

    first = pool.submit("a", job)
    assert first["status"] in ("queued", "running")
    assert started.wait(WAIT)
    state = pool.get("a")
    assert {k: state[k] for k in ("status", "step", "steps", "what")} == {"status": "running", "step": 2, "steps": 4,
                                                                          "what": "solving"}
    joined = pool.submit("a", job)  # the same key joins the running job
    assert joined["status"] == "running"
    release.set()
    done = pool.wait("a", WAIT)
    assert done["status"] == "done" and done["result"] == {"value": 42}
    assert pool.submit("a", job)["status"] == "done" and calls == ["run"]  # never run twice


def test_pool_cap_refuses_the_job_after_workers_plus_queue_and_positions_the_queued():
    pool = WorkerPool(workers=1, queue=2, retry_after=9)
    release, started = threading.Event(), threading.Event()
    pool.submit("running", lambda progress: _blocker(release, started)())
    assert started.wait(WAIT)
    assert pool.submit("q1", lambda progress: 1)["position"] == 1
    assert pool.submit("q2", lambda progress: 2)["position"] == 2
    with pytest.raises(Busy) as info:  # 1 running + 2 queued: the 4th distinct run is refused
        pool.submit("q3", lambda progress: 3)
    assert info.value.retry_after == 9 and pool.get("q3") is None
    assert pool.submit("q1", lambda progress: 1)["status"] == "queued"  # joining never counts against the cap
    release.set()
    assert [pool.wait(k, WAIT)["result"] for k in ("running", "q1", "q2")] == ["released", 1, 2]
    assert pool.submit("q3", lambda progress: 3)["status"] in ("queued", "running", "done")


def test_a_failed_job_reports_its_error_and_can_be_submitted_again():
    pool = WorkerPool(workers=1, queue=0)

    def bad(progress):
        raise ConfigError("theta must be a number", hint="write 6")

    pool.submit("k", bad)
    state = pool.wait("k", WAIT)
    assert state["status"] == "error" and state["error"] == "theta must be a number. Fix: write 6"
    pool.submit("k", lambda progress: "ok")
    assert pool.wait("k", WAIT)["result"] == "ok"


def test_sizes_come_from_settings_or_environment_and_are_checked(monkeypatch):
    monkeypatch.setenv("TRADEBRIDGE_COMPUTE_QUEUE", "5")
    assert setting({}, "compute_queue", 8) == 5
    assert setting({"compute_queue": 3}, "compute_queue", 8) == 3  # settings win over the environment
    monkeypatch.delenv("TRADEBRIDGE_COMPUTE_QUEUE")
    assert setting({}, "compute_queue", 8) == 8
    with pytest.raises(ConfigError, match="compute_slots must be a whole number >= 0"):
        setting({"compute_slots": "-1"}, "compute_slots", 2)
    with pytest.raises(ConfigError, match="at least 1"):
        WorkerPool(workers=0)


def test_the_pool_forgets_the_oldest_finished_jobs_beyond_keep():
    pool = WorkerPool(workers=1, queue=5, keep=2)
    for k in range(4):
        pool.put_done(f"old-{k}", k)
    assert [pool.get(f"old-{k}") is None for k in range(4)] == [True, True, False, False]
    pool.submit("new", lambda progress: "x")
    assert pool.wait("new", WAIT)["result"] == "x"
    assert pool.get("old-2") is None and pool.get("old-3")["result"] == 3 and pool.stats()["jobs"] == 2
