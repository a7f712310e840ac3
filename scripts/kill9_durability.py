#!/usr/bin/env python3
"""Kill -9 durability run of the study store.

Starts tests/durability/study_kill_driver (a review session driven through the real ReviewView)
on one study database again and again, kills it with SIGKILL at a random moment of each run, and
checks after every kill that
  - every review the driver printed as answered is in the database, in order (nothing answered is
    lost), and at most one more (a commit whose line was not printed yet);
  - the database passes PRAGMA integrity_check;
  - the next run opens the database (a stale lock file or WAL does not block it).

Usage: scripts/kill9_durability.py --driver BUILD/tests/study_kill_driver [--runs 100]
       [--seed 1] [--max-delay 2.0] [--write]
--write puts the summary line into docs/reliability.md between the KILL9 markers.
Exits 1 on any lost review, failed integrity check or refused open.
"""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stored_reviews(db, after_id):
    """(row id, question id) of the reviews with a row id above after_id, oldest first."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id, question_id FROM reviews WHERE id > ? ORDER BY id",
                           (after_id,)).fetchall()
    return rows


def integrity(db):
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0]


def table_exists(db):
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM sqlite_master WHERE name='reviews'").fetchone()[0]


def one_run(driver, db, seed, delay, env, extra):
    """Runs the driver for `delay` seconds, kills it, returns (answered ids, exit code, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([driver, db, "--seed", str(seed), *extra], stdout=out, stderr=err,
                                env=env)
        time.sleep(delay)
        code = proc.poll()
        if code is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        out.seek(0)
        err.seek(0)
        answered = [line.split()[1] for line in out.read().decode().splitlines()
                    if line.startswith("answered ")]
        return answered, code, err.read().decode().strip()


def check_run(db, last_id, answered):
    """Problems found after one kill, and the new last row id."""
    problems = []
    rows = stored_reviews(db, last_id) if table_exists(db) else []
    stored = [question for _, question in rows]
    if stored[:len(answered)] != answered:
        problems.append(f"lost answered reviews: printed {len(answered)}, stored {len(stored)}")
    if len(stored) > len(answered) + 1:
        problems.append(f"{len(stored) - len(answered)} reviews stored beyond the printed ones")
    result = integrity(db)
    if result != "ok":
        problems.append(f"integrity_check: {result}")
    return problems, (rows[-1][0] if rows else last_id)


def write_summary(line):
    doc = ROOT / "docs" / "reliability.md"
    text = doc.read_text()
    begin, end = "<!-- KILL9:BEGIN -->", "<!-- KILL9:END -->"
    if begin not in text or end not in text:
        sys.exit(f"{doc}: the KILL9 markers are missing")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(f"{head}{begin}\n{line}\n{end}{tail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", required=True)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-delay", type=float, default=0.05)
    parser.add_argument("--max-delay", type=float, default=2.0)
    parser.add_argument("--driver-arg", action="append", default=[],
                        help="an extra argument for the driver (repeatable)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    failures, answered_total, killed = [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "study.sqlite")
        last_id = 0
        for run in range(args.runs):
            delay = rng.uniform(args.min_delay, args.max_delay)
            answered, code, err = one_run(args.driver, db, rng.randrange(1 << 30), delay, env,
                                            args.driver_arg)
            killed += code is None
            answered_total += len(answered)
            if code not in (None, 0):
                failures.append(f"run {run}: exit {code}: {err}")
                continue
            if not os.path.exists(db):
                continue  # killed before the database was created
            problems, last_id = check_run(db, last_id, answered)
            failures += [f"run {run} (killed after {delay:.2f} s): {p}" for p in problems]
    summary = (f"{args.runs} runs (seed {args.seed}, kill after {args.min_delay:g}-{args.max_delay:g} s), "
               f"{killed} killed by SIGKILL, {answered_total} answered reviews, "
               f"{len(failures)} failures (lost reviews, failed integrity_check or refused open).")
    print(summary)
    for failure in failures:
        print("  " + failure)
    if args.write:
        write_summary(summary)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
