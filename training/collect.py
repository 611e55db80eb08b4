"""Gathers labelled batches into tests/real/labels.jsonl (ids and labels only).

    python3 training/collect.py --batches DIR

DIR holds manifest.json (from batches.py) and out/batch-NN.jsonl (one record
per item, docs/labelling.md section 5). Each label line names the text by
source and id, the batch it came from, whether it was that text's second
labelling, and the sentence roles as character spans of the text.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "real" / "labels.jsonl"
FIELDS = ("kind", "shouting", "nothing_works", "has_time", "has_screenshot", "issues")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", required=True)
    args = ap.parse_args()
    d = Path(args.batches)
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    for name, entries in sorted(manifest.items()):
        path = d / "out" / f"{name}.jsonl"
        if not path.exists():
            continue
        by_item = {e["item"]: e for e in entries}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            e = by_item.get(r.get("item"))
            if e is None or len(r.get("roles", [])) != len(e["sentences"]):
                print(f"{name}: item {r.get('item')} skipped (unknown or roles do not match)", file=sys.stderr)
                continue
            row = {"source": e["source"], "id": e["id"], "batch": name, "second": e["second"]}
            row.update({f: r[f] for f in FIELDS})
            row["sentences"] = [[s, t, role] for (s, t), role in zip(e["sentences"], r["roles"])]
            rows.append(row)
    rows.sort(key=lambda r: (r["source"], str(r["id"]), r["second"]))
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labels -> {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
