"""The Python reference pipeline of Portunus's HS classification assistant, for the latency
benchmark (Benchmarks/tariff/run): the research note's variant G in numpy.

Per query: HF tokenizers WordPiece, the numpy MiniLM-L6 forward pass (minilm.py), BM25
(k1 1.2, b 0.75) over Snowball-stemmed terms with the same stop and filler words, three
cosine signals against the same subheading, hierarchy and description-line vectors, each
signal z-normalised over the 5,612 subheadings and summed, top 5 with the matched stems.

The texts come from a Portunus data directory (hs_code, hs_text) and their vectors from its
embedding cache (hs_embedding), so both pipelines rank the same index; building the index is
not timed. Prints p50, p99, mean latency and peak memory.

    hs_classify.py DATA_DIR MODEL_DIR CASES.csv
"""
import csv
import hashlib
import os
import re
import resource
import sqlite3
import sys
import time
import unicodedata

import numpy as np
import snowballstemmer

sys.path.insert(0, os.path.dirname(__file__))
from minilm import MiniLM  # noqa: E402

STOP = set("""a about above after again against all almost also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either few for from further had has have having he her here
hers herself him himself his how however i if in into is it its itself just may me might more most must my myself neither no
nor not now of off on once one only onto or our ours ourselves out over own per same shall she should so some such than that the
their theirs them themselves then there these they this those through thus to too under until upon very via was we were what
when where which while who whom whose why will with within without would yet you your yours yourself yourselves""".split())
FILLER = set("""other others nec nes nesoi article articles thereof therefor whether heading headings subheading subheadings chapter
chapters kind kinds used principally solely mainly chiefly excluding including incl excl etc similar specified included elsewhere
described like imported import importation product item items consisting put form forms type types made use uses designed
suitable intended""".split())
STEMMER = snowballstemmer.stemmer("english")


def words(text):
    folded = unicodedata.normalize("NFD", text.lower())
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return [w.rstrip("'") for w in re.findall(r"[^\W_]+(?:'[^\W_]*)*", folded)]


def terms(text):
    out = []
    for word in words(text):
        if len(word) < 2 or word in STOP or word in FILLER or word.isdigit():
            continue
        out.append(STEMMER.stemWord(word) if re.fullmatch(r"[a-z']+", word) else word)
    return out


def without_exclusions(text):
    result, depth, skipping = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
            rest = text[index + 1:].lower()
            if skipping == 0 and (rest.startswith("excl") or rest.startswith("other than")):
                skipping = depth
        if skipping == 0:
            result.append(char)
        if char == ")":
            if skipping == depth:
                skipping = 0
            depth = max(0, depth - 1)
    return "".join(result).replace("  ", " ").strip()


class BM25:
    def __init__(self, documents, k1=1.2, b=0.75):
        self.k1, self.b, self.n = k1, b, len(documents)
        self.lengths = np.array([len(d) for d in documents], dtype=np.float32)
        self.average = max(1.0, float(self.lengths.mean()))
        postings = {}
        for index, document in enumerate(documents):
            counts = {}
            for term in document:
                counts[term] = counts.get(term, 0) + 1
            for term, count in counts.items():
                postings.setdefault(term, ([], []))
                postings[term][0].append(index)
                postings[term][1].append(count)
        self.postings = {t: (np.array(d), np.array(f, dtype=np.float32)) for t, (d, f) in postings.items()}

    def scores(self, query):
        scores = np.zeros(self.n, dtype=np.float32)
        for term in query:
            if term not in self.postings:
                continue
            docs, tf = self.postings[term]
            idf = np.log(1 + (self.n - len(docs) + 0.5) / (len(docs) + 0.5))
            scores[docs] += idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[docs] / self.average))
        return scores


def z(values):
    std = values.std()
    return np.zeros_like(values) if std < 1e-6 else (values - values.mean()) / std


def main(data_dir, model_dir, cases_path):
    db = sqlite3.connect(os.path.join(data_dir, "portunus.sqlite"))
    texts = dict(db.execute("SELECT code, description FROM hs_code WHERE edition = 2022 AND level IN (2, 4)"))
    subheadings = [(c, d) for c, d in db.execute("SELECT code, description FROM hs_code WHERE edition = 2022 AND level = 6 AND code <> '999999' ORDER BY code")]
    codes = [c for c, _ in subheadings]
    position = {c: i for i, c in enumerate(codes)}
    hierarchy = [f"{d}; {texts.get(c[:4], '')}; {texts.get(c[:2], '')}" for c, d in subheadings]
    lines = [(c, t) for c, t in db.execute("SELECT code, text FROM hs_text WHERE edition = 2022 ORDER BY code, source, reference") if c in position]
    model = db.execute("SELECT model FROM hs_embedding LIMIT 1").fetchone()[0]
    cached = {}
    for h, v in db.execute("SELECT text_hash, vector FROM hs_embedding WHERE model = ?", (model,)):
        cached[bytes(h)] = np.frombuffer(v, dtype="<f4")

    def matrix(items):
        return np.stack([cached[hashlib.sha256(t.encode()).digest()] for t in items]).astype(np.float32)

    sub_vectors, hier_vectors, line_vectors = matrix([d for _, d in subheadings]), matrix(hierarchy), matrix([t for _, t in lines])
    owner = np.array([position[c] for c, _ in lines])
    documents = [terms(h) for h in hierarchy]
    for c, t in lines:
        documents[position[c]].extend(terms(without_exclusions(t)))
    document_terms = [set(d) for d in documents]
    bm25 = BM25(documents)
    encoder = MiniLM(model_dir)

    def classify(text, top=5):
        query_terms = terms(text)
        q = encoder.encode(text).astype(np.float32)
        s_bm25 = bm25.scores(query_terms)
        s_sub = sub_vectors @ q
        s_hier = hier_vectors @ q
        s_lines = s_sub.copy()
        np.maximum.at(s_lines, owner, line_vectors @ q)
        fused = z(s_bm25) + z(s_sub) + z(s_hier) + z(s_lines)
        best = np.argpartition(-fused, top)[:top]
        best = best[np.argsort(-fused[best])]
        return [(codes[i], float(fused[i]), [t for t in query_terms if t in document_terms[i]]) for i in best]

    with open(cases_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    queries = [r.get("description") or r.get("text") for r in rows]
    for query in queries:
        classify(query)
    times = []
    for query in queries:
        start = time.perf_counter()
        classify(query)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python reference: {len(times)} queries, p50 {times[len(times) // 2]:.2f} ms, p99 {times[min(len(times) - 1, int(len(times) * 0.99))]:.2f} ms, "
          f"mean {sum(times) / len(times):.2f} ms; peak memory {peak:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
