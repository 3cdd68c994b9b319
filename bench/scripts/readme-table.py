#!/usr/bin/env python3
"""Prints the root README's benchmark table from a run's Markdown report (default
bench/results/latest.md): one line per backend with Loopwork's server CPU-s/GiB and its paired
ratios to the better reference, 95% intervals in brackets, exactly as the report's per-backend
table has them.

    python3 bench/scripts/readme-table.py [bench/results/latest.md]
"""
import sys

COLUMNS = [
    ("raw discard, plain", "cpu", "raw: CPU x limit"),
    ("HTTP, plain", "cpu_abs", "HTTP plain CPU-s/GiB"),
    ("HTTP, plain", "mbs", "HTTP plain: MB/s x Netty"),
    ("HTTP, plain", "cpu", "HTTP plain: CPU x Netty"),
    ("HTTP, TLS openssl", "mbs", "TLS OpenSSL: MB/s x Netty"),
    ("HTTP, TLS openssl", "cpu", "TLS OpenSSL: CPU x Netty"),
    ("HTTP, TLS jdk", "cpu", "TLS JDK: CPU x Netty"),
    ("HTTP pausing every MiB, plain", "cpu", "pausing: CPU hook / fallback"),
    ("HTTP pausing every MiB, plain", "fakes", "pausing: fakes / fallbacks"),
]


def main(path):
    rows = {}
    order = []
    in_table = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("| backend | row | MB/s |"):
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            break
        if not in_table or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        backend, row = cells[0], cells[1]
        if backend not in rows:
            rows[backend] = {}
            order.append(backend)
        if len(cells) < 12 or not cells[2]:
            rows[backend][row] = None
            continue
        rows[backend][row] = {"cpu_abs": cells[3], "mbs": cells[5], "cpu": cells[6], "fakes": cells[8]}
    print("| backend | " + " | ".join(c[2] for c in COLUMNS) + " |")
    print("| --- | " + " | ".join("---:" for _ in COLUMNS) + " |")
    for backend in order:
        out = []
        for row, key, _ in COLUMNS:
            r = rows[backend].get(row)
            out.append(r[key] if r else "-")
        print("| %s | %s |" % (backend, " | ".join(out)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.md")
