#!/usr/bin/env python3
"""Makes world_given.txt, world_surnames.txt (CC0) and wiktionary_names.tsv
(CC BY-SA) from the open name lists, leaving out names that are common
English words.

    python3 assets/names/world_lists.py DATA

DATA holds `names/popular-by-country/` and `names/wiktionary/` (see the
README), and `wikigold/`, `gum-wikinews/dep/`, whose lower-case words tell
which spellings are ordinary English words.
"""
import collections
import csv
import glob
import os
import sys

data = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))

# Ordinary words: written in lower case at least twice, and at least as often
# as capitalised, in edited text and tweets.
lower = collections.Counter()
upper = collections.Counter()


def count(w):
    if w.islower():
        lower[w] += 1
    elif w[:1].isupper():
        upper[w.lower()] += 1


for line in open(os.path.join(data, "wikigold/wikigold.conll.txt"), encoding="utf-8"):
    count(line.rsplit(" ", 1)[0])
for path in glob.glob(os.path.join(data, "btc/*.conll")):
    for line in open(path, encoding="utf-8"):
        count(line.split("\t")[0])
for path in glob.glob(os.path.join(data, "gum-wikinews/dep/*.conllu")):
    for line in open(path, encoding="utf-8"):
        cols = line.split("\t")
        if len(cols) > 2 and cols[0].isdigit():
            count(cols[1])
common = {w for w, n in lower.items() if n >= 2 and n >= upper[w]}
for line in open(os.path.join(here, "common.txt"), encoding="utf-8"):
    if not line.startswith("#"):
        common.update(w.lower() for w in line.split())


def keep(name):
    return (
        len(name) >= 2
        and name[0].isupper()
        and " " not in name
        and not any(c.isdigit() for c in name)
        and name.lower() not in common
    )


given = {}
with open(os.path.join(data, "names/popular-by-country/common-forenames-by-country.csv"), encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        name = row["Romanized Name"].strip()
        if keep(name):
            g = {"M": "m", "F": "f"}.get(row["Gender"], "x")
            given[name] = g if given.get(name, g) == g else "x"
surnames = set()
with open(os.path.join(data, "names/popular-by-country/common-surnames-by-country.csv"), encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        name = row["Romanized Name"].strip()
        if keep(name):
            surnames.add(name)

with open(os.path.join(here, "world_given.txt"), "w", encoding="utf-8") as out:
    out.write("# Popular given names of 100+ countries (CC0): name and sex (m, f, x). See README.md.\n")
    for name in sorted(given):
        out.write(f"{name} {given[name]}\n")
with open(os.path.join(here, "world_surnames.txt"), "w", encoding="utf-8") as out:
    out.write("# Common surnames of 100+ countries (CC0). See README.md.\n")
    for name in sorted(surnames):
        out.write(f"{name}\n")

# Wiktionary: codes m, f, x for a given name of that sex, s for a surname.
codes = collections.defaultdict(set)
with open(os.path.join(data, "names/wiktionary/names-latin.tsv"), encoding="utf-8") as f:
    next(f)
    for line in f:
        name, kind, _lang, gender = line.rstrip("\n").split("\t")
        if not keep(name):
            continue
        if kind == "surname":
            codes[name].add("s")
        else:
            codes[name].add({"male": "m", "female": "f"}.get(gender, "x"))
with open(os.path.join(here, "wiktionary_names.tsv"), "w", encoding="utf-8") as out:
    out.write("# From Wiktionary's name categories, CC BY-SA: see README.md. name, kinds (m f x: given name of that sex; s: surname)\n")
    for name in sorted(codes):
        c = codes[name]
        if "m" in c and "f" in c:
            c = (c - {"m", "f"}) | {"x"}
        out.write(f"{name}\t{''.join(sorted(c))}\n")
