#!/usr/bin/env python3
"""The UI-thread stall table: runs the stall-probe tests of a build folder (ctest -L stall) with
$MLLAB_STALL_REPORT naming a temporary file, reads the JSON line each scenario appends there
(tests/support/stallprobe.h: scenario, worst_ms, duration_ms, ticks) and writes a table of the
worst stall per scenario between the STALL:BEGIN and STALL:END markers of docs/reliability.md.
Builds nothing. Exits 1 when a test failed or no scenario reported.

  /usr/bin/python3 scripts/stall_table.py --build build [--doc docs/reliability.md] [--dry-run]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

GOAL_MS = 50.0
BEGIN, END = "<!-- STALL:BEGIN -->", "<!-- STALL:END -->"


def run_stall_tests(build, report):
    env = dict(os.environ, MLLAB_STALL_REPORT=report, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(["ctest", "-L", "stall", "--output-on-failure"], cwd=build, env=env)
    return result.returncode


def read_scenarios(report):
    scenarios = {}
    with open(report, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                entry = json.loads(line)
                scenarios[entry["scenario"]] = entry  # a rerun of a scenario replaces it
    return list(scenarios.values())


def table(scenarios):
    rows = ["| Scenario | Worst stall (ms) | Duration (s) | Under 50 ms |",
            "|---|---:|---:|:---:|"]
    for s in scenarios:
        met = "yes" if s["worst_ms"] < GOAL_MS else "**no**"
        rows.append("| {} | {:.1f} | {:.1f} | {} |".format(
            s["scenario"], s["worst_ms"], s["duration_ms"] / 1000.0, met))
    return "\n".join(rows)


def write_table(doc, text):
    with open(doc, encoding="utf-8") as f:
        content = f.read()
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
    if not pattern.search(content):
        sys.exit("{} has no {} ... {} markers".format(doc, BEGIN, END))
    content = pattern.sub(lambda _: BEGIN + "\n" + text + "\n" + END, content)
    with open(doc, "w", encoding="utf-8") as f:
        f.write(content)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="a configured and built build folder")
    parser.add_argument("--doc", default=os.path.join(here, "..", "docs", "reliability.md"))
    parser.add_argument("--dry-run", action="store_true", help="print the table only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        report = os.path.join(folder, "stall.jsonl")
        open(report, "w").close()
        code = run_stall_tests(os.path.abspath(args.build), report)
        scenarios = read_scenarios(report)
    if not scenarios:
        sys.exit("no stall scenario reported (are the tests built with MLLAB_BUILD_TESTS=ON?)")
    text = table(scenarios)
    print(text)
    if not args.dry_run:
        write_table(args.doc, text)
    over = [s["scenario"] for s in scenarios if s["worst_ms"] >= GOAL_MS]
    if over:
        print("over {:.0f} ms: {}".format(GOAL_MS, ", ".join(over)))
    return 1 if code != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
