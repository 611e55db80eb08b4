"""Cuts the sample into labelling batches (docs/labelling.md).

Each batch is a text file a labeller reads: every item's text, its attachment
count where the source records one, and its own sentences numbered as
ticketlint reads them (`ticketlint inspect --format json`). A random tenth of
each language's items is put into a second batch as well, to measure
agreement. The manifest maps each batch's items back to source, id and
sentence spans.

    python3 training/batches.py --bin target/release/ticketlint --out DIR
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
SAMPLE = ROOT / "tests" / "real" / "sample.jsonl"
BATCHES = {"en": 6, "ru": 5, "uk": 5}
DOUBLE = 0.10


def load_texts(wanted):
    texts = {}
    for source in {s for s, _ in wanted}:
        with open(REAL / f"{source}.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if (source, r["id"]) in wanted:
                    texts[(source, r["id"])] = r
    return texts


def sentences(binary, text, tmp):
    path = Path(tmp) / "ticket.txt"
    # A NUL byte makes a file binary to ticketlint; a space keeps the offsets.
    path.write_text(text.replace("\0", " "), encoding="utf-8")
    out = subprocess.run(
        [binary, "inspect", "--format", "json", str(path)],
        capture_output=True, check=True, text=True,
    ).stdout
    doc = json.loads(out)
    # Offsets are in bytes of the UTF-8 text; the manifest keeps characters.
    raw = text.encode("utf-8")
    char = lambda b: len(raw[:b].decode("utf-8"))
    return [(char(s["start"]), char(s["end"])) for s in doc["sentences"]]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sample = [json.loads(l) for l in open(SAMPLE, encoding="utf-8")]
    texts = load_texts({(r["source"], r["id"]) for r in sample})
    rng = random.Random("ticketlint-batches-v1")
    manifest = {}
    number = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang, n in BATCHES.items():
            rows = [r for r in sample if r["lang"] == lang]
            rng.shuffle(rows)
            batches = [rows[i::n] for i in range(n)]
            doubles = rng.sample(range(len(rows)), round(DOUBLE * len(rows)))
            extra = [[] for _ in range(n)]
            for i in doubles:
                home = i % n
                other = (home + rng.randrange(1, n)) % n
                extra[other].append(rows[i])
            for b in range(n):
                items = [(r, False) for r in batches[b]] + [(r, True) for r in extra[b]]
                rng.shuffle(items)
                number += 1
                name = f"batch-{number:02}"
                entries = []
                lines = []
                for k, (r, second) in enumerate(items, 1):
                    rec = texts[(r["source"], r["id"])]
                    spans = sentences(args.bin, rec["text"], tmp)
                    entries.append({"item": k, "source": r["source"], "id": r["id"],
                                    "lang": lang, "second": second, "sentences": spans})
                    lines.append(f"=== item {k} ({lang})")
                    n_att = rec.get("meta", {}).get("n_attachments")
                    if n_att is not None:
                        lines.append(f"attachments: {n_att}")
                    lines.append("--- text")
                    lines.append(rec["text"])
                    lines.append("--- sentences")
                    for j, (s, e) in enumerate(spans):
                        lines.append(f"s{j}: {rec['text'][s:e]}")
                    lines.append("")
                (out / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
                manifest[name] = entries
                print(name, lang, len(items), file=sys.stderr)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
