#!/usr/bin/env python3
"""Synthetic watch lists and passenger lists for the screening benchmark, shaped like real
ones: names drawn from Faker's per-country name lists (given names and surnames as people
in those countries carry them, romanised as travel documents write them: Cyrillic through
unidecode, Chinese and Japanese through Faker's own romanisations), plus common Arabic names
in their usual Latin spellings. Entries have aliases, full or year-only dates of birth (with
1 January placeholders), nationalities; a tenth are lost or stolen travel documents.
Passengers: mostly people not on the list, and 1 % variants of listed people (another
spelling, transliteration, token order, a missing middle name, a date one day off).

    watchlist.py --entries 1000000 --passengers 10000 --out DIR [--seed 7]

Writes DIR/watchlist.csv and DIR/passengers.csv (with a `listed` column naming the entry a
variant was made from, for checking recall — never read by the matcher).
"""
import argparse, csv, os, random
from faker import Faker
from unidecode import unidecode

LOCALES = ["en_US", "en_GB", "es_ES", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "tr_TR", "nl_NL", "sv_SE",
           "ru_RU", "uk_UA", "zh_CN", "ja_JP", "vi_VN", "id_ID", "en_IN", "ro_RO", "cs_CZ", "hu_HU", "el_GR", "fi_FI"]
ARABIC_GIVEN = ["MOHAMMED", "MUHAMMAD", "AHMED", "ALI", "HASSAN", "HUSSEIN", "OMAR", "KHALID", "YOUSSEF", "IBRAHIM", "ABDULLAH",
                "MAHMOUD", "MUSTAFA", "SAMIR", "KARIM", "TARIQ", "FATIMA", "AISHA", "MARIAM", "LEILA", "NOUR", "HALA", "RANA",
                "ZAINAB", "SALMA", "BILAL", "HAMZA", "JAMAL", "NABIL", "WALID", "RAMI", "SAMI", "FADI", "IMAD", "ZIAD"]
ARABIC_FAMILY = ["AL RASHID", "HADDAD", "KHOURY", "NASSER", "SALEH", "MANSOUR", "HAMDAN", "ABBAS", "AZIZ", "BAKR", "DARWISH",
                 "FARAH", "GHANEM", "HALABI", "ISSA", "JABER", "KHALIL", "MASRI", "NAJJAR", "QASSEM", "SABBAGH", "TAHA",
                 "YASSIN", "ZAHRAN", "AL AMIN", "EL SAYED", "ABDEL RAHMAN", "BEN ALI", "OTHMAN", "SHARIF"]
NATIONALITY = {"en_US": "USA", "en_GB": "GBR", "es_ES": "ESP", "es_MX": "MEX", "fr_FR": "FRA", "de_DE": "DEU", "it_IT": "ITA",
               "pt_BR": "BRA", "pl_PL": "POL", "tr_TR": "TUR", "nl_NL": "NLD", "sv_SE": "SWE", "ru_RU": "RUS", "uk_UA": "UKR",
               "zh_CN": "CHN", "ja_JP": "JPN", "vi_VN": "VNM", "id_ID": "IDN", "en_IN": "IND", "ro_RO": "ROU", "cs_CZ": "CZE",
               "hu_HU": "HUN", "el_GR": "GRC", "fi_FI": "FIN", "ar": "SYR"}


def clean(text):
    return " ".join(unidecode(text).upper().replace("-", " ").replace("'", "").split())


class Names:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.fakers = {}
        for locale in LOCALES:
            f = Faker(locale)
            f.seed_instance(seed)
            self.fakers[locale] = f
        self.pools = {}
        for locale, f in self.fakers.items():
            given, family = [], []
            for _ in range(400):
                if locale == "zh_CN":
                    given.append(clean(f.first_romanized_name())); family.append(clean(f.last_romanized_name()))
                elif locale == "ja_JP":
                    given.append(clean(f.first_romanized_name())); family.append(clean(f.last_romanized_name()))
                else:
                    given.append(clean(f.first_name())); family.append(clean(f.last_name()))
            self.pools[locale] = (sorted(set(given)), sorted(set(family)))
        self.pools["ar"] = (ARABIC_GIVEN, ARABIC_FAMILY)
        self.locales = list(self.pools)

    def person(self):
        locale = self.rng.choice(self.locales)
        given, family = self.pools[locale]
        tokens = [self.rng.choice(given)]
        if self.rng.random() < 0.3:
            tokens.append(self.rng.choice(given))
        tokens.append(self.rng.choice(family))
        return locale, " ".join(tokens)

    def birth(self):
        year = self.rng.randint(1940, 2008)
        r = self.rng.random()
        if r < 0.1:
            return str(year)
        if r < 0.2:
            return f"{year}-01-01"
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"


WADE_GILES = [("X", "HS"), ("Q", "CH"), ("ZH", "CH"), ("Z", "TS"), ("J", "CH"), ("C", "TS")]
SPELLINGS = [("MOHAMMED", "MUHAMMAD"), ("MOHAMMED", "MOHAMED"), ("YOUSSEF", "YOUSEF"), ("HUSSEIN", "HUSAYN"), ("AISHA", "AYESHA"),
             ("ALEKSANDR", "ALEXANDER"), ("SERGEI", "SERGEY"), ("YURI", "IURII"), ("DMITRII", "DMITRY"), ("KH", "H"), ("PH", "F"),
             ("CK", "K"), ("EE", "I"), ("OU", "U"), ("Y", "I"), ("I", "Y"), ("C", "K"), ("K", "C"), ("SCH", "SH"), ("W", "V")]


def variant(rng, name, birth):
    """Another way a document or a booking writes the same person."""
    tokens = name.split()
    kind = rng.choice(["spelling", "transliteration", "order", "typo", "middle", "glued"])
    if kind == "spelling":
        for a, b in rng.sample(SPELLINGS, len(SPELLINGS)):
            joined = " ".join(tokens)
            if a in joined:
                tokens = joined.replace(a, b, 1).split()
                break
    elif kind == "transliteration":
        for i, t in enumerate(tokens):
            for a, b in WADE_GILES:
                if t.startswith(a):
                    tokens[i] = b + t[len(a):]
                    break
    elif kind == "order":
        rng.shuffle(tokens)
    elif kind == "typo":
        i = rng.randrange(len(tokens))
        t = tokens[i]
        if len(t) > 4:
            j = rng.randrange(1, len(t) - 1)
            tokens[i] = t[:j] + t[j + 1:] if rng.random() < 0.5 else t[:j] + t[j + 1] + t[j] + t[j + 2:]
    elif kind == "middle" and len(tokens) > 2:
        del tokens[1]
    elif kind == "glued":
        tokens[0] = tokens[0] + rng.choice(["MR", "MRS"])
    if birth and len(birth) == 10 and rng.random() < 0.3:
        day = int(birth[8:])
        birth = birth[:8] + f"{max(1, min(28, day + rng.choice([-1, 1]))):02d}"
    return " ".join(tokens), birth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--passengers", type=int, default=10_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = Names(args.seed)
    rng = names.rng
    listed = []
    with open(os.path.join(args.out, "watchlist.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "list", "category", "severity", "name", "aliases", "birth_date", "nationality", "document_number", "document_country"])
        for n in range(args.entries):
            locale, name = names.person()
            nationality = NATIONALITY.get(locale, "")
            if rng.random() < 0.1:
                number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
                w.writerow([f"D{n}", "lost-stolen-documents", "stolen", 2, "", "", "", "", number, nationality])
                continue
            birth = names.birth()
            aliases = names.person()[1] if rng.random() < 0.15 else ""
            w.writerow([f"P{n}", "persons", rng.choice(["wanted", "watch", "deny-boarding"]), rng.randint(1, 3), name, aliases, birth, nationality, "", ""])
            if len(listed) < 100_000:
                listed.append((f"P{n}", name, birth))
    with open(os.path.join(args.out, "passengers.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "birth_date", "nationality", "listed"])
        for _ in range(args.passengers):
            if rng.random() < 0.01:
                entry, name, birth = rng.choice(listed)
                name, birth = variant(rng, name, birth)
                w.writerow([name, birth, "", entry])
            else:
                locale, name = names.person()
                w.writerow([name, names.birth(), NATIONALITY.get(locale, ""), ""])


if __name__ == "__main__":
    main()
