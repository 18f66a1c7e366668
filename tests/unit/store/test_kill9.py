"""kill -9 at every step of an ingest leaves either the old store or the new one, never a mix.

A subprocess ingests a changed raw folder into a copy of the old store and kills itself with SIGKILL
at exactly the N-th named step of the write path (``warehouse._step``: before BEGIN, after each
DELETE and INSERT, before COMMIT, after COMMIT, before the closing checkpoint), for every N. The hook
point is explicit, so the test is deterministic (no timing). To keep it fast, one helper process
imports tradebridge once and forks a child per kill point. Values are made up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_ingest_hostile import (  # the raw folder and helpers of the hostile-input tests
    DATASETS,
    FRED_HEADER,
    FRED_ROWS,
    IMF_HEADER,
    IMF_ROWS,
    PANEL,
    PANEL_HEADER,
    PANEL_ROWS,
    WB_HEADER,
    WB_ROWS,
    make_raw,
    write,
)

from tradebridge.store import Store
from tradebridge.store.ingest import ingest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")]


@pytest.fixture()
def raw(tmp_path: Path, raw_dir: Path) -> Path:
    return make_raw(tmp_path, raw_dir)

SCRIPT = textwrap.dedent('''
    import os, shutil, signal, sys
    from pathlib import Path
    from tradebridge.store import warehouse
    from tradebridge.store.ingest import ingest

    template, raw, out, datasets = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4].split(",")
    points = [int(n) for n in sys.argv[5].split(",")]

    def run(kill_at):
        seen = []

        def step(name):
            seen.append(name)
            if len(seen) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        warehouse._step = step
        ingest(out / f"kill{kill_at}.duckdb", raw, datasets=datasets, allow_shrink=True)
        return seen

    for n in points:
        shutil.copy(template, out / f"kill{n}.duckdb")
        pid = os.fork()
        if pid == 0:
            seen = run(n)
            print(len(seen), *seen, sep="|", flush=True)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print(n, os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exit", flush=True)
''')


def content(path: Path) -> dict[str, str]:
    """Every stored row, sorted; the write timestamps (ingested_at, last_write) left out."""
    out = {}
    with Store.open(path) as st:
        for t in st.tables():
            if t == "store_meta":
                continue
            frame = st.table(t).drop(columns=["ingested_at"], errors="ignore")
            out[t] = frame.sort_values(list(frame.columns)).reset_index(drop=True).to_csv()
    return out


def forks(script: Path, template: Path, raw: Path, out: Path, points: list[int]) -> list[str]:
    res = subprocess.run([sys.executable, str(script), str(template), str(raw), str(out), ",".join(DATASETS),
                          ",".join(map(str, points))], capture_output=True, text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout.strip().splitlines()


def test_kill_at_every_step_leaves_old_or_new(raw, tmp_path):
    old = tmp_path / "old.duckdb"
    ingest(old, raw, datasets=DATASETS)
    before = content(old)
    # the change: four files revised (values and row counts): 7 tables of 4 datasets change
    write(raw, "macro/wb_gdp_current_usd.csv", WB_HEADER, [r.replace(".5", ".75") for r in WB_ROWS[:12]])
    write(raw, "macro/fred_h10_fx_monthly.csv", FRED_HEADER, [r.replace(".25", ".5") for r in FRED_ROWS[2:]])
    write(raw, "macro/imf_fx_annual_lcu_per_usd.csv.gz", IMF_HEADER, IMF_ROWS[1:])
    write(raw, PANEL, PANEL_HEADER, [PANEL_ROWS[0].replace("100.0", "101.0"), *PANEL_ROWS[1:]])
    script = tmp_path / "kill_ingest.py"
    script.write_text(SCRIPT)
    out = tmp_path / "runs"
    out.mkdir()

    full = forks(script, old, raw, out, [0])  # no kill: the step names and the new store
    steps = full[0].split("|")
    assert full[1] == "0 exit"
    # begin; per dataset: delete each table, delete provenance, insert each table + its provenance row;
    # commit, committed, close: 1 + 3 x 4 + (4 + 1 + 4 + 4) + 3
    assert int(steps[0]) == 29 and steps[1] == "begin" and steps[-3:] == ["commit", "committed", "close"]
    after = content(out / "kill0.duckdb")
    assert after != before

    points = list(range(1, 30))
    lines = forks(script, old, raw, out, points)
    assert lines == [f"{n} 9" for n in points]  # every child died of SIGKILL (9) at its step
    outcome = []
    for n in points:
        got = content(out / f"kill{n}.duckdb")  # opening replays the WAL when the commit reached it
        assert got in (before, after), f"kill at step {n} ({steps[n]}) left a mixed store"
        outcome.append("old" if got == before else "new")
    # killed before COMMIT returns: the old store; after it: the new one
    assert outcome == ["old"] * 27 + ["new"] * 2
