"""Draws the labelled sample of real texts and fixes its split.

Reads ../shared/real/*.jsonl, draws a seeded, stratified sample per source and
language, and writes tests/real/sample.jsonl: one line per text with its
source, id, language and split (train / dev / test). Texts stay in
../shared/real; only ids are written. Rerunning gives the same file.

Texts longer than MAX_CHARS are left out of the draw: they are mostly GitHub
issues made of templates and logs, and a labeller reads each text whole.
"""

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
OUT = ROOT / "tests" / "real" / "sample.jsonl"
MAX_CHARS = 2500
SEED = "ticketlint-real-sample-v1"

# (source, language) -> texts drawn.
QUOTAS = {
    ("spotify_support_tweets", "en"): 160,
    ("airline_tweets", "en"): 160,
    ("rsics_customer_service", "en"): 160,
    ("comcast_complaint_subjects", "en"): 80,
    ("gitbugs_en_bug_reports", "en"): 120,
    ("nlbse2024_issues", "en"): 120,
    ("ru_bank_reviews", "ru"): 200,
    ("kursk_appeals", "ru"): 130,
    ("kyiv1551_requests", "ru"): 190,
    ("sentirueval2016_tweets", "ru"): 150,
    ("vscode_ru_uk_issues", "ru"): 9,
    ("kyiv1551_requests", "uk"): 420,
    ("hotline_ua_store_reviews", "uk"): 220,
}

# Within each stratum, in drawn order: three of five to train, one to dev, one to test.
SPLITS = ["train", "train", "train", "dev", "test"]


def main() -> int:
    rows = []
    for (source, lang), quota in QUOTAS.items():
        pool = []
        with open(REAL / f"{source}.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["lang"] == lang and len(r["text"]) <= MAX_CHARS:
                    pool.append(r["id"])
        rng = random.Random(f"{SEED}:{source}:{lang}")
        rng.shuffle(pool)
        for i, id_ in enumerate(pool[:quota]):
            rows.append({"source": source, "id": id_, "lang": lang, "split": SPLITS[i % 5]})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts -> {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
