"""The Python reference of Portunus's MiniLM-L6 sentence encoder.

HF `tokenizers` (the reference WordPiece, from the model's tokenizer.json) and a numpy forward
pass over the weights of the same safetensors file that Portunus reads: 6 BERT layers, mean
pooling over the real tokens (no padding), L2 normalisation, at most 256 tokens, as
sentence-transformers' all-MiniLM-L6-v2 does.

    minilm.py fixtures MODEL_DIR OUT.json   token ids and embeddings of the fixture sentences
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer


class MiniLM:
    def __init__(self, directory):
        self.tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)
        weights = load_file(os.path.join(directory, "model.safetensors"))
        self.w = {name: value.astype(np.float32) for name, value in weights.items() if value.dtype == np.float32}
        self.layers = 6
        self.heads = 12

    def ids(self, text):
        return self.tokenizer.encode(text).ids

    @staticmethod
    def norm(x, weight, bias):
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + 1e-12) * weight + bias

    def encode_ids(self, ids):
        w = self.w
        ids = np.asarray(ids)
        count = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:count] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = self.norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        size = x.shape[1] // self.heads
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            q = x @ w[p + "attention.self.query.weight"].T + w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"].T + w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"].T + w[p + "attention.self.value.bias"]
            q = q.reshape(count, self.heads, size).transpose(1, 0, 2)
            k = k.reshape(count, self.heads, size).transpose(1, 0, 2)
            v = v.reshape(count, self.heads, size).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(count, -1)
            attended = context @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
            x = self.norm(x + attended, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            hidden = x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"]
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.float32(math.sqrt(2.0))))
            out = hidden @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
            x = self.norm(x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled)

    def encode(self, text):
        return self.encode_ids(self.ids(text))


# About fifty sentences: goods descriptions as officers and traders write them, the nomenclature's
# own style, the SBERT example pair, and the hard cases of the tokenizer (accents, CJK, Thai,
# punctuation, numbers, control characters, unknown words, an empty text, a text over 256 tokens).
SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "Frozen shrimp 500g bag",
    "Men's 100% cotton knitted pullover sweater",
    "Women's woven polyester blouse, long sleeves",
    "Baby monitor with camera and two-way audio",
    "Nitrile rubber O-rings for hydraulic pumps",
    "Stainless steel kitchen sink, single bowl",
    "Lithium-ion battery pack for electric bicycles, 36 V 10 Ah",
    "Unmanned aircraft (drone) with a maximum take-off mass of 249 g",
    "3D printer using fused deposition modelling of thermoplastic filament",
    "Waste and scrap of primary cells, primary batteries and electric accumulators",
    "Live cattle of a weight > 80 kg but <= 160 kg, for slaughter",
    "Other articles of plastics, n.e.c.",
    "Parts and accessories of the machines of heading 84.71",
    "Propylene glycol (propane-1,2-diol), technical grade",
    "Orthodontic instruments: brackets, wires and elastics",
    "Roasted coffee, not decaffeinated, in 250 g retail packs",
    "Green tea (not fermented) in immediate packings of a content not exceeding 3 kg",
    "Extra virgin olive oil in glass bottles",
    "Café crème brûlée mix with crème fraîche",
    "Résumé of naïve façade designs from Zürich",
    "Ångström-scale SIMS wafer inspection équipement",
    "冷冻虾",
    "手机壳 silicone phone case",
    "เสื้อยืดผ้าฝ้าย cotton t-shirt",
    "Áo sơ mi nam bằng vải cotton",
    "smartphone!!! (unlocked) -- 128GB/6GB; dual-SIM",
    "Rice: semi-milled or wholly milled, whether or not polished or glazed",
    "Bolts/screws/nuts; of iron or steel; threaded",
    "Tab\tseparated\ttext with\nnew lines\r\nand   spaces",
    "Text with a zero width\u200bspace and a soft\u00adhyphen",
    "Control\u0007characters\u0000inside",
    "Supercalifragilisticexpialidociousnessoverwhelminglyunpronounceablewordthatneverendsatallinanyvocabularyeverseenbyanyonewhatsoever",
    "",
    "   ",
    "ISO 9001:2015 certified M8x1.25 hex-head bolts, grade 8.8, zinc-plated (DIN 933)",
    "Medicaments containing penicillins, put up in measured doses for retail sale",
    "Wooden furniture of a kind used in the bedroom",
    "Footwear with outer soles of rubber and uppers of textile materials",
    "Motor cars with spark-ignition engine of a cylinder capacity > 1000 cc but <= 1500 cc",
    "Printed circuit assemblies for LED television receivers",
    "Ceramic tableware of porcelain or china",
    "Dried, shelled lentils, whether or not skinned or split",
    "Human hair, unworked, whether or not washed or scoured; waste of human hair",
    "Tariff number 8517.13 smartphones; formerly 8517.12",
    "Ceci n'est pas une pipe — une description en français",
    "Ein Paar Herrenschuhe aus Leder",
    " ".join(["Automatic data processing machines, portable, weighing not more than 10 kg,"
              " consisting of at least a central processing unit, a keyboard and a display"] * 8),
    "Mixed-case ALL CAPS and lowercase: STEEL pipes, Welded, Seamless",
]


def fixtures(model_dir, out_path):
    model = MiniLM(model_dir)
    digest = hashlib.sha256(open(os.path.join(model_dir, "model.safetensors"), "rb").read()).hexdigest()
    cases = []
    for text in SENTENCES:
        ids = model.ids(text)
        vector = model.encode_ids(ids)
        cases.append({"text": text, "ids": ids, "embedding": [float("%.8g" % value) for value in vector]})
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump({"model_sha256": digest, "produced_by": "Benchmarks/peers/minilm.py fixtures", "sentences": cases},
                  out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")
    pair = float(np.dot(cases[0]["embedding"], cases[1]["embedding"]))
    print(f"{len(cases)} sentences written to {out_path}; SBERT pair similarity {pair:.4f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "fixtures":
        fixtures(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
