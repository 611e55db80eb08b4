"""Agreement between the two labellings of the doubly labelled texts.

    python3 training/agreement.py

Prints, per field, how often the two labels agree and Cohen's kappa, and the
same for the sentence roles (per sentence) and for each rule's expected result.
"""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kappa(pairs):
    n = len(pairs)
    if n == 0:
        return float("nan"), float("nan")
    agree = sum(a == b for a, b in pairs) / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    chance = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return agree, (agree - chance) / (1 - chance) if chance < 1 else 1.0


def fires(r):
    p = r["kind"] == "problem"
    return {
        "shouting": r["shouting"],
        "nothing-works": r["nothing_works"],
        "no-screenshot": p and not r["has_screenshot"],
        "no-timestamp": p and not r["has_time"],
        "bundled-issues": r["issues"] >= 2,
    }


def main() -> int:
    by_key = defaultdict(list)
    for r in map(json.loads, open(ROOT / "tests/real/labels.jsonl", encoding="utf-8")):
        by_key[(r["source"], r["id"])].append(r)
    pairs = [(a, b) if not a["second"] else (b, a) for v in by_key.values() if len(v) == 2 for a, b in [v]]
    print(f"{len(pairs)} texts labelled twice")
    print(f"{'field':<16} {'agree':>6} {'kappa':>6}")
    rows = []
    for field in ("kind", "shouting", "nothing_works", "has_time", "has_screenshot"):
        rows.append((field, kappa([(a[field], b[field]) for a, b in pairs])))
    rows.append(("issues>=2", kappa([(a["issues"] >= 2, b["issues"] >= 2) for a, b in pairs])))
    roles = [(x[2], y[2]) for a, b in pairs for x, y in zip(a["sentences"], b["sentences"])]
    rows.append((f"roles ({len(roles)})", kappa(roles)))
    for rule in ("shouting", "nothing-works", "no-screenshot", "no-timestamp", "bundled-issues"):
        rows.append((rule, kappa([(fires(a)[rule], fires(b)[rule]) for a, b in pairs])))
    for name, (agree, k) in rows:
        print(f"{name:<16} {agree:>6.3f} {k:>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
