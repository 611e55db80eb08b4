"""Trains the sentence-role and ticket-kind models and writes them to rules/models/.

    python3 -m venv .venv && .venv/bin/pip install -r training/requirements.txt
    .venv/bin/python training/train.py

Reads the sample and its labels (tests/real/), the texts (../shared/real/),
and the features the linter computes (`cargo run --release --example
features`). Fits multinomial logistic regression on the train split, picks
the regularisation on the dev split, and writes roles.tlm, kind.tlm and
card.json (the dev figures the tests check the shipped weights against).
The test split is not read here.
"""

import json
import subprocess
import tomllib
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
MODELS = ROOT / "rules" / "models"
BITS = 18
ROLES = ["greeting", "vague", "symptom", "steps", "expected", "howto", "request", "complaint", "context", "other"]
KINDS = ["problem", "question", "request", "feedback", "other"]
CS = [0.1, 0.3, 1.0, 3.0, 10.0]


def load():
    sample = {(r["source"], r["id"]): r for r in map(json.loads, open(ROOT / "tests/real/sample.jsonl", encoding="utf-8"))}
    labels = {}
    for r in map(json.loads, open(ROOT / "tests/real/labels.jsonl", encoding="utf-8")):
        if not r["second"]:
            labels[(r["source"], r["id"])] = r
    texts = {}
    for source in {s for s, _ in labels}:
        for line in open(REAL / f"{source}.jsonl", encoding="utf-8"):
            r = json.loads(line)
            if (source, r["id"]) in labels:
                texts[(source, r["id"])] = r
    return sample, labels, texts


# The project's own labelled corpora that tuned the phrase lists: their
# tickets' kinds train the kind model too. The *-holdout folders are never
# read here, so they stay a measure. Their `other` mixes feedback with
# anything else, so those tickets are left out.
CORPORA = ["evidence", "bundled", "shouting", "shouting-hard"]


def corpus_kinds():
    out = []
    for name in CORPORA:
        folder = ROOT / "tests" / "corpus" / name
        manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
        for t in manifest.get("ticket", []):
            if t.get("kind") in ("problem", "question", "request"):
                out.append(((folder / t["file"]).read_text(encoding="utf-8"), t["kind"]))
    return out


def records(keys, texts):
    """The NDJSON records the linter reads: the text as the body, attached files as images."""
    for i, key in enumerate(keys):
        rec = texts[key]
        n = rec.get("meta", {}).get("n_attachments") or 0
        yield {
            "key": i,
            "body": rec["text"],
            "attachments": [{"name": f"attachment-{j + 1}.jpg"} for j in range(n)],
        }


def featurize(keys, texts, extra=()):
    recs = list(records(keys, texts))
    recs += [{"key": len(recs) + i, "body": body} for i, body in enumerate(extra)]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--example", "features"],
        input=data, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    return [json.loads(l) for l in out.splitlines()]


def char_offsets(text):
    """Byte offset -> character offset."""
    table = {}
    b = 0
    for i, ch in enumerate(text):
        table[b] = i
        b += len(ch.encode("utf-8"))
    table[b] = len(text)
    return table


def role_of(span, labelled):
    """The label of the labelled sentence that overlaps `span` most."""
    s, e = span
    best, best_overlap = None, 0
    for ls, le, role in labelled:
        overlap = min(e, le) - max(s, ls)
        if overlap > best_overlap:
            best, best_overlap = role, overlap
    return best


def matrix(rows):
    mask = (1 << BITS) - 1
    indptr, indices = [0], []
    for feats in rows:
        indices.extend(h & mask for h in feats)
        indptr.append(len(indices))
    m = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), 1 << BITS))
    m.sum_duplicates()
    return m


def quantise(model, classes):
    """Weights as the linter reads them: i8 per (bucket, class), a scale per class."""
    order = [list(model.classes_).index(c) if c in model.classes_ else None for c in classes]
    W = np.zeros((len(classes), 1 << BITS), dtype=np.float64)
    b = np.full(len(classes), -30.0)
    for k, j in enumerate(order):
        if j is not None:
            W[k] = model.coef_[j]
            b[k] = model.intercept_[j]
    scale = np.maximum(np.abs(W).max(axis=1), 1e-9) / 127.0
    Q = np.clip(np.round(W / scale[:, None]), -127, 127).astype(np.int8)
    rows = np.nonzero(np.any(Q != 0, axis=0))[0]
    return Q, scale.astype(np.float32), b.astype(np.float32), rows


def predict_quantised(q, X):
    Q, scale, b, _ = q
    scores = X @ (Q.T.astype(np.float32) * scale[None, :]) + b[None, :]
    return scores.argmax(axis=1)


def write_tlm(path, classes, q):
    Q, scale, b, rows = q
    with open(path, "wb") as f:
        f.write(b"TLM1")
        f.write(np.array([len(classes), BITS, len(rows)], dtype="<u4").tobytes())
        for c in classes:
            name = c.encode("utf-8")
            f.write(bytes([len(name)]) + name)
        f.write(b.astype("<f4").tobytes())
        f.write(scale.astype("<f4").tobytes())
        f.write(rows.astype("<u4").tobytes())
        f.write(np.ascontiguousarray(Q[:, rows].T).astype(np.int8).tobytes())


def fit(X_train, y_train, X_dev, y_dev, classes, metric, weights):
    best = None
    for C in CS:
        for weight in weights:
            m = LogisticRegression(C=C, max_iter=3000, class_weight=weight)
            m.fit(X_train, y_train)
            q = quantise(m, classes)
            pred = [classes[i] for i in predict_quantised(q, X_dev)]
            score = metric(y_dev, pred)
            print(f"  C={C:<5} weight={weight!s:<8} dev {score:.3f}", file=sys.stderr)
            if best is None or score > best[0]:
                best = (score, C, weight, q)
    return best


def accuracy(gold, pred):
    return sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1)


def macro_f1(gold, pred):
    f1s = []
    for c in set(gold):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / max(2 * tp + fp + fn, 1))
    return sum(f1s) / max(len(f1s), 1)


def read_tlm(path):
    """The weights `write_tlm` wrote, as `quantise` returns them."""
    raw = path.read_bytes()
    assert raw[:4] == b"TLM1", path
    n, bits, n_rows = np.frombuffer(raw, dtype="<u4", count=3, offset=4)
    at = 16
    classes = []
    for _ in range(n):
        length = raw[at]
        classes.append(raw[at + 1:at + 1 + length].decode("utf-8"))
        at += 1 + length
    b = np.frombuffer(raw, dtype="<f4", count=n, offset=at).copy()
    at += 4 * n
    scale = np.frombuffer(raw, dtype="<f4", count=n, offset=at).copy()
    at += 4 * n
    rows = np.frombuffer(raw, dtype="<u4", count=n_rows, offset=at).copy()
    at += 4 * n_rows
    stored = np.frombuffer(raw, dtype=np.int8, count=n_rows * n, offset=at).reshape(n_rows, n)
    Q = np.zeros((n, 1 << bits), dtype=np.int8)
    Q[:, rows] = stored.T
    return classes, (Q, scale, b, rows)


def main() -> int:
    measure = "--measure" in sys.argv[1:]
    sample, labels, texts = load()
    keys = sorted(k for k in labels if sample[k]["split"] in ("train", "dev"))
    corpus = corpus_kinds()
    feats = featurize(keys, texts, [body for body, _ in corpus])
    sent = {"train": ([], []), "dev": ([], [])}
    tick = {"train": ([], []), "dev": ([], [])}
    for key, f in zip(keys, feats):
        split = sample[key]["split"]
        lab = labels[key]
        offsets = char_offsets(texts[key]["text"])
        for s in f["sentences"]:
            role = role_of((offsets[s["start"]], offsets[s["end"]]), lab["sentences"])
            if role is not None:
                sent[split][0].append(s["features"])
                sent[split][1].append(role)
        tick[split][0].append(f["ticket"])
        tick[split][1].append(lab["kind"])
    for (_, kind), f in zip(corpus, feats[len(keys):]):
        tick["train"][0].append(f["ticket"])
        tick["train"][1].append(kind)

    if measure:
        card = json.loads((MODELS / "card.json").read_text(encoding="utf-8"))
        card["dev_measured"] = date.today().isoformat()
        for name, data in (("roles", sent), ("kind", tick)):
            classes, q = read_tlm(MODELS / f"{name}.tlm")
            X_dev, y_dev = matrix(data["dev"][0]), data["dev"][1]
            pred = [classes[i] for i in predict_quantised(q, X_dev)]
            entry = card["models"][name]
            entry["dev"] = len(y_dev)
            entry["dev_accuracy"] = round(accuracy(y_dev, pred), 4)
            entry["dev_macro_f1"] = round(macro_f1(y_dev, pred), 4)
            print(f"{name}: dev accuracy {entry['dev_accuracy']}, macro-F1 {entry['dev_macro_f1']}", file=sys.stderr)
        (MODELS / "card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0

    card = {"date": date.today().isoformat(), "hash_bits": BITS, "corpus_tickets": len(corpus), "models": {}}
    # The kind model's probabilities are compared with a threshold
    # (TRUST_KIND_MODEL): balanced class weights would move them, so it is
    # fitted unweighted.
    for name, data, classes, metric, metric_name, weights in (
        ("roles", sent, ROLES, macro_f1, "macro_f1", (None, "balanced")),
        ("kind", tick, KINDS, accuracy, "accuracy", (None,)),
    ):
        print(f"{name}: {len(data['train'][1])} train, {len(data['dev'][1])} dev", file=sys.stderr)
        X_train, y_train = matrix(data["train"][0]), data["train"][1]
        X_dev, y_dev = matrix(data["dev"][0]), data["dev"][1]
        score, C, weight, q = fit(X_train, y_train, X_dev, y_dev, classes, metric, weights)
        pred = [classes[i] for i in predict_quantised(q, X_dev)]
        write_tlm(MODELS / f"{name}.tlm", classes, q)
        card["models"][name] = {
            "classes": classes,
            "C": C,
            "class_weight": weight,
            "rows": int(len(q[3])),
            "bytes": (MODELS / f"{name}.tlm").stat().st_size,
            "train": len(y_train),
            "train_classes": dict(Counter(y_train)),
            "dev": len(y_dev),
            "dev_accuracy": round(accuracy(y_dev, pred), 4),
            "dev_macro_f1": round(macro_f1(y_dev, pred), 4),
        }
        print(f"  chose C={C} weight={weight}: dev {metric_name} {score:.3f}", file=sys.stderr)
    (MODELS / "card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
