#!/usr/bin/env python3
"""The labelled name pairs that watch-list matching is evaluated on (docs/travel.md, "Watch-list screening").

Each pair is two ways a travel document, a booking or a watch list writes a person, labelled
1 (the same person) or 0 (two people), with the kind of variation that made it. Names come
from Faker's per-country lists (seeded), and variation follows what the GTAS issue tracker
and the watch-list literature report in real traffic — never Portunus's own rules:

positives
  romanisation   Russian and Ukrainian names (in Cyrillic) romanised by two real systems:
                 ICAO 9303 (2021), BGN/PCGN, and the German Duden system
  pinyin-wg      Chinese names in pinyin and in Wade–Giles (syllable table below)
  arabic         Arabic names in their common Latin spellings (MOHAMMED / MUHAMMAD / …)
  diacritics     names with diacritics written with the marks dropped and as ICAO transliterates
                 them (MÜLLER → MULLER / MUELLER)
  typo           one letter dropped, doubled, swapped with its neighbour or replaced by a
                 keyboard neighbour
  order          surname first
  middle         a middle name missing on one side
  glued          a title glued to the given name, as PNRs write it (JOHNMR)
negatives
  family         same surname, another given name (relatives travel together)
  given          same given name, another surname
  phonetic       another person whose surname sounds alike
  random         two people from the same country
Dates of birth: equal, one day apart, or day and month swapped for positives; within ±2 years
for negatives (the hard case); a fifth of pairs have no date on one side.

    namepairs.py --pairs 4000 --out name-pairs.csv [--seed 11]

The first half of each kind is the validation split (thresholds are tuned there), the second
the test split (reported once).
"""
import argparse, csv, random
from faker import Faker
from unidecode import unidecode

CYRILLIC = {
    # letter: (ICAO 9303, BGN/PCGN, Duden)
    "А": ("A", "A", "A"), "Б": ("B", "B", "B"), "В": ("V", "V", "W"), "Г": ("G", "G", "G"), "Д": ("D", "D", "D"),
    "Е": ("E", "YE", "JE"), "Ё": ("E", "YO", "JO"), "Ж": ("ZH", "ZH", "SCH"), "З": ("Z", "Z", "S"), "И": ("I", "I", "I"),
    "Й": ("I", "Y", "J"), "К": ("K", "K", "K"), "Л": ("L", "L", "L"), "М": ("M", "M", "M"), "Н": ("N", "N", "N"),
    "О": ("O", "O", "O"), "П": ("P", "P", "P"), "Р": ("R", "R", "R"), "С": ("S", "S", "S"), "Т": ("T", "T", "T"),
    "У": ("U", "U", "U"), "Ф": ("F", "F", "F"), "Х": ("KH", "KH", "CH"), "Ц": ("TS", "TS", "Z"), "Ч": ("CH", "CH", "TSCH"),
    "Ш": ("SH", "SH", "SCH"), "Щ": ("SHCH", "SHCH", "SCHTSCH"), "Ъ": ("IE", "", ""), "Ы": ("Y", "Y", "Y"), "Ь": ("", "", ""),
    "Э": ("E", "E", "E"), "Ю": ("IU", "YU", "JU"), "Я": ("IA", "YA", "JA"), "І": ("I", "I", "I"), "Ї": ("I", "YI", "JI"),
    "Є": ("IE", "YE", "JE"), "Ґ": ("G", "G", "G"),
}
# Pinyin syllable initials and finals → Wade–Giles (the common cases).
WG_INITIALS = [("ZH", "CH"), ("CH", "CH'"), ("SH", "SH"), ("X", "HS"), ("Q", "CH'"), ("J", "CH"), ("Z", "TS"), ("C", "TS'"),
               ("R", "J"), ("B", "P"), ("P", "P'"), ("D", "T"), ("T", "T'"), ("G", "K"), ("K", "K'")]
WG_FINALS = [("ONG", "UNG"), ("IAN", "IEN"), ("UO", "O"), ("E", "E")]
ARABIC = [["MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MUHAMMED"], ["AHMED", "AHMAD", "AHMET"], ["HUSSEIN", "HUSSAIN", "HUSAYN", "HOSSEIN"],
          ["YOUSSEF", "YOUSEF", "YUSUF", "YOUSSOUF"], ["ABDULLAH", "ABDALLAH", "ABDULA"], ["MUSTAFA", "MOSTAFA", "MUSTAPHA"],
          ["KHALID", "KHALED", "CHALID"], ["OMAR", "UMAR", "OMER"], ["IBRAHIM", "EBRAHIM", "IBRAHEEM"], ["MAHMOUD", "MAHMUD", "MAHMOOD"],
          ["FATIMA", "FATMA", "FATEMA"], ["AISHA", "AYESHA", "AICHA"], ["HASSAN", "HASAN", "HASSANE"], ["SAID", "SAEED", "SAYED"],
          ["JAMAL", "GAMAL", "DJAMAL"], ["KARIM", "KAREEM", "KERIM"], ["TARIQ", "TAREK", "TARIK"], ["WALID", "WALEED", "OUALID"]]
ARABIC_FAMILY = [["AL RASHID", "ALRASHID", "EL RASHID", "RASHID"], ["HADDAD", "HADAD"], ["KHOURY", "KHOURI", "KHURI", "CHOURY"],
                 ["NASSER", "NASIR", "NASSAR"], ["SALEH", "SALIH", "SALAH"], ["MANSOUR", "MANSUR", "MANSOOR"], ["ABBAS", "ABBES"],
                 ["DARWISH", "DERVISH", "DARWICH"], ["QASSEM", "KASSEM", "QASIM", "KASIM"], ["OTHMAN", "OSMAN", "UTHMAN"]]
KEYBOARD = {c: n for c, n in zip("QWERTYUIOPASDFGHJKLZXCVBNM", ["WA", "QES", "WRD", "ETF", "RYG", "TUH", "YIJ", "UOK", "IPL", "OL", "QSZ", "AWDX",
            "SEFC", "DRGV", "FTHB", "GYJN", "HUKM", "JIL", "KOP", "ASX", "ZSDC", "XDFV", "CFGB", "VGHN", "BHJM", "NJK"])}
LATIN = ["en_US", "en_GB", "es_ES", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "tr_TR", "nl_NL", "sv_SE", "ro_RO", "cs_CZ", "hu_HU", "vi_VN", "id_ID"]


def ascii_upper(text):
    return " ".join(unidecode(text).upper().replace("-", " ").replace("'", "").split())


def icao_latin(text):
    table = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE", "Ñ": "N", "Ç": "C"}
    return ascii_upper("".join(table.get(c.upper(), c) for c in text))


def romanise(cyrillic, scheme):
    out = []
    for c in cyrillic.upper():
        out.append(CYRILLIC[c][scheme] if c in CYRILLIC else c)
    return " ".join("".join(out).replace("-", " ").split())


def wade_giles(pinyin):
    tokens = []
    for token in pinyin.split():
        t = token
        for a, b in WG_INITIALS:
            if t.startswith(a):
                t = b + t[len(a):]
                break
        for a, b in WG_FINALS:
            if t.endswith(a):
                t = t[: -len(a)] + b
                break
        tokens.append(t.replace("'", ""))
    return " ".join(tokens)


class Source:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.fakers = {}
        for locale in LATIN + ["ru_RU", "uk_UA", "zh_CN"]:
            f = Faker(locale)
            f.seed_instance(seed)
            self.fakers[locale] = f

    def latin(self, locale=None):
        f = self.fakers[locale or self.rng.choice(LATIN)]
        return f.first_name(), f.last_name()

    def birth(self):
        return f"{self.rng.randint(1945, 2008)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"


def typo(rng, name):
    tokens = name.split()
    i = max(range(len(tokens)), key=lambda k: len(tokens[k]))
    t = tokens[i]
    if len(t) < 4:
        return name
    j = rng.randrange(1, len(t) - 1)
    op = rng.choice(["drop", "double", "swap", "key"])
    if op == "drop":
        t = t[:j] + t[j + 1:]
    elif op == "double":
        t = t[:j] + t[j] + t[j:]
    elif op == "swap":
        t = t[:j] + t[j + 1] + t[j] + t[j + 2:]
    else:
        t = t[:j] + rng.choice(KEYBOARD.get(t[j], t[j])) + t[j + 1:]
    tokens[i] = t
    return " ".join(tokens)


def positive(src, kind):
    rng = src.rng
    if kind == "romanisation":
        f = src.fakers[rng.choice(["ru_RU", "uk_UA"])]
        name = f.first_name() + " " + f.last_name()
        a, b = rng.sample([0, 1, 2], 2)
        return romanise(name, a), romanise(name, b)
    if kind == "pinyin-wg":
        f = src.fakers["zh_CN"]
        name = (f.last_romanized_name() + " " + f.first_romanized_name()).upper()
        return name, wade_giles(name)
    if kind == "arabic":
        given, family = rng.choice(ARABIC), rng.choice(ARABIC_FAMILY)
        return rng.choice(given) + " " + rng.choice(family), rng.choice(given) + " " + rng.choice(family)
    if kind == "diacritics":
        for _ in range(50):
            first, last = src.latin(rng.choice(["de_DE", "tr_TR", "hu_HU", "sv_SE", "pl_PL", "cs_CZ", "ro_RO", "fr_FR", "es_ES"]))
            full = first + " " + last
            if ascii_upper(full) != icao_latin(full):
                return ascii_upper(full), icao_latin(full)
        return ascii_upper(full), icao_latin(full)
    first, last = src.latin()
    base = ascii_upper(first + " " + last)
    if kind == "typo":
        return base, typo(rng, base)
    if kind == "order":
        tokens = base.split()
        return base, " ".join(tokens[-1:] + tokens[:-1])
    if kind == "middle":
        middle = ascii_upper(src.latin()[0]).split()[0]
        tokens = base.split()
        return " ".join(tokens[:1] + [middle] + tokens[1:]), base
    if kind == "glued":
        tokens = base.split()
        return base, " ".join([tokens[0] + rng.choice(["MR", "MRS", "MSTR", "MISS"])] + tokens[1:])
    raise ValueError(kind)


def negative(src, kind, cache):
    rng = src.rng
    locale = rng.choice(LATIN)
    first, last = src.latin(locale)
    a = ascii_upper(first + " " + last)
    if kind == "family":
        for _ in range(50):
            other = ascii_upper(src.latin(locale)[0])
            if other != ascii_upper(first):
                return a, other + " " + ascii_upper(last)
    if kind == "given":
        for _ in range(50):
            other = ascii_upper(src.latin(locale)[1])
            if other != ascii_upper(last):
                return a, ascii_upper(first) + " " + other
    if kind == "phonetic":
        # Another surname of the same country that differs in one or two letters only.
        surnames = cache.setdefault(locale, sorted({ascii_upper(src.latin(locale)[1]) for _ in range(600)}))
        mine = ascii_upper(last)
        close = [s for s in surnames if s != mine and len(s) == len(mine) and sum(x != y for x, y in zip(s, mine)) <= 2]
        other_first = ascii_upper(src.latin(locale)[0])
        return a, other_first + " " + (rng.choice(close) if close else rng.choice(surnames))
    other = src.latin(locale)
    return a, ascii_upper(other[0] + " " + other[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=4000, help="pairs per split")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    src = Source(args.seed)
    rng = src.rng
    positives = ["romanisation", "pinyin-wg", "arabic", "diacritics", "typo", "order", "middle", "glued"]
    negatives = ["family", "given", "phonetic", "random"]
    cache = {}
    rows = []
    for split in ["validation", "test"]:
        for n in range(args.pairs):
            label = n % 2 == 0
            kind = positives[(n // 2) % len(positives)] if label else negatives[(n // 2) % len(negatives)]
            a, b = positive(src, kind) if label else negative(src, kind, cache)
            birth_a = src.birth()
            if label:
                roll = rng.random()
                if roll < 0.7:
                    birth_b = birth_a
                elif roll < 0.85:
                    birth_b = birth_a[:8] + f"{max(1, min(28, int(birth_a[8:]) + 1)):02d}"
                else:
                    birth_b = birth_a[:5] + birth_a[8:] + "-" + birth_a[5:7] if int(birth_a[8:]) <= 12 else birth_a
            else:
                birth_b = f"{int(birth_a[:4]) + rng.randint(-2, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.2:
                birth_b = ""
            if rng.random() < 0.5:
                a, b, birth_a, birth_b = b, a, birth_b, birth_a
            rows.append([split, int(label), kind, a, birth_a, b, birth_b])
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["split", "label", "kind", "name_a", "birth_a", "name_b", "birth_b"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
