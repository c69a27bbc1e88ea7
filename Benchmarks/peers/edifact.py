"""pydifact tokenizing the same 38 API/PNR sample files that Benchmarks/ TravelBenchmarks reads.

Each file is tokenized `COPIES` times (default 100) per run, as the Swift benchmark does, with
pydifact's Tokenizer (the part comparable to Portunus's EDIFACTTokenizer; its Parser adds
segment validation and is slower still). The UNA, when present, is passed as pydifact's
Parser would. Prints the median of 5 runs in MB/s and messages/s, and the files pydifact
refuses (left out of its timing, which favours it).

    PORTUNUS_DATASETS=../shared/data .venv/bin/python Benchmarks/peers/edifact.py
"""
import os
import statistics
import time
import warnings

warnings.simplefilter("ignore")

import pydifact  # noqa: E402
from pydifact.control.characters import Characters  # noqa: E402
from pydifact.tokenizer import Tokenizer  # noqa: E402

datasets = os.environ.get("PORTUNUS_DATASETS", "../shared/data")
copies = int(os.environ.get("COPIES", "100"))
texts = []
for folder in ("paxlst", "pnrgov"):
    directory = os.path.join(datasets, "api-pnr", folder)
    for name in sorted(os.listdir(directory)):
        if name.endswith(".edi"):
            with open(os.path.join(directory, name), "rb") as handle:
                texts.append((name, handle.read().decode("utf-8", errors="replace")))


def prepared(text):
    """The UNA read into pydifact's Characters, and the text after it."""
    stripped = text.lstrip()
    if stripped.startswith("UNA"):
        return Characters.from_str(stripped[:9]), stripped[9:]
    return Characters(), text


readable, refused = [], []
for name, text in texts:
    characters, body = prepared(text)
    try:
        list(Tokenizer().get_tokens(body, characters))
        readable.append((characters, body, len(text.encode("utf-8")), text.count("UNH")))
    except Exception as error:  # pydifact raises on what it cannot read
        refused.append((name, type(error).__name__))

size = sum(item[2] for item in readable) * copies
messages = sum(item[3] for item in readable) * copies


def run():
    start = time.perf_counter()
    for _ in range(copies):
        for characters, body, _, _ in readable:
            for _ in Tokenizer().get_tokens(body, characters):
                pass
    return time.perf_counter() - start


seconds = statistics.median(run() for _ in range(5))
print(f"pydifact {getattr(pydifact, '__version__', '0.2.3')} Tokenizer: {len(readable)} of {len(texts)} files readable; refused: {refused}")
print(f"  {size / seconds / 1e6:.2f} MB/s, {messages / seconds:,.0f} messages/s ({size / 1e6:.1f} MB in {seconds:.2f} s)")
