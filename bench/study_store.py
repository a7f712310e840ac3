#!/usr/bin/python3
"""Study store side by side with Python's sqlite3 (a thin layer over the same SQLite library).

Same machine, same run: a committed review (review insert + card upsert in one transaction, WAL,
synchronous=FULL) and the import of a 10,000-review export (parse, check, insert in one
transaction). Prints both times and MLLab's ratio (below 1 means MLLab is faster).

    /usr/bin/python3 bench/study_store.py [build-bench/bench/bench_studystore]
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

BENCH = sys.argv[1] if len(sys.argv) > 1 else "build-bench/bench/bench_studystore"
N_IMPORT = 10000
N_WRITES = 400

SCHEMA = [
    "CREATE TABLE reviews (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, reviewed_at INTEGER NOT NULL, "
    "grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4), elapsed_ms INTEGER NOT NULL DEFAULT 0, "
    "stability REAL, difficulty REAL, due INTEGER, answer TEXT NOT NULL DEFAULT '', "
    "source TEXT NOT NULL DEFAULT 'review', session_id INTEGER)",
    "CREATE INDEX reviews_by_question ON reviews (question_id, reviewed_at)",
    "CREATE TABLE cards (question_id TEXT PRIMARY KEY, state INTEGER NOT NULL, stability REAL NOT NULL, "
    "difficulty REAL NOT NULL, due INTEGER, last_review INTEGER, reps INTEGER NOT NULL, lapses INTEGER NOT NULL)",
]


def open_db(folder):
    db = sqlite3.connect(os.path.join(folder, "py.sqlite"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    for sql in SCHEMA:
        db.execute(sql)
    return db


def python_record_ms():
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(folder)
        start = time.perf_counter()
        for i in range(N_WRITES):
            qid = "q%d" % (i % 72)
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO reviews (question_id, reviewed_at, grade, elapsed_ms, stability, difficulty, due,"
                       " answer, source) VALUES (?, ?, 3, 0, 3.7, 5.2, ?, '', 'review')", (qid, i, i + 4))
            db.execute("INSERT OR REPLACE INTO cards VALUES (?, 2, 3.7, 5.2, ?, ?, ?, 0)", (qid, i + 4, i, i))
            db.execute("COMMIT")
        return (time.perf_counter() - start) * 1000 / N_WRITES


def python_import_ms():
    reviews = [{"id": i + 1, "question_id": "q%d" % (i % 72), "reviewed_at": "2024-05-01T08:00:00.000Z",
                "grade": 1 + i % 4, "elapsed_ms": 30000, "answer": "an answer of a few words", "source": "review",
                "session_id": None, "stability": 3.7, "difficulty": 5.2, "due": "2024-05-05T08:00:00.000Z"}
               for i in range(N_IMPORT)]
    text = json.dumps({"format": "mllab-study", "version": 1, "reviews": reviews}, indent=4)
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(folder)
        start = time.perf_counter()
        data = json.loads(text)
        rows = []
        for i, r in enumerate(data["reviews"]):
            if not isinstance(r.get("grade"), int) or not 1 <= r["grade"] <= 4:
                raise ValueError("reviews[%d].grade" % i)
            rows.append((r["id"], r["question_id"], 0, r["grade"], r["elapsed_ms"], r["stability"],
                         r["difficulty"], 0, r["answer"], r["source"]))
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM reviews")
        db.executemany("INSERT INTO reviews (id, question_id, reviewed_at, grade, elapsed_ms, stability, difficulty,"
                       " due, answer, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        return (time.perf_counter() - start) * 1000


def mllab_ms():
    out = subprocess.run([BENCH, "--benchmark_format=json", "--benchmark_filter=RecordReview|ImportJson/10000"],
                         check=True, capture_output=True, text=True).stdout
    return {b["name"].split("/real_time")[0]: b["real_time"] for b in json.loads(out)["benchmarks"]}


def main():
    ours = mllab_ms()
    rows = [("one committed review (WAL, synchronous=FULL)", ours["BM_RecordReview"], python_record_ms()),
            ("import 10,000 reviews (parse, check, one transaction)", ours["BM_ImportJson/10000"], python_import_ms())]
    print("%-55s %12s %12s %8s" % ("", "MLLab ms", "sqlite3 ms", "ratio"))
    for name, a, b in rows:
        print("%-55s %12.3f %12.3f %8.2f" % (name, a, b, a / b))


if __name__ == "__main__":
    main()
