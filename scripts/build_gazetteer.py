"""Build pipelines/extract/data/gazetteer.tsv from the LGD CSVs in ../shared/data/gazetteer.

    .venv/bin/python scripts/build_gazetteer.py [--src DIR] [--out FILE] [--aliases FILE]

One row per (Devanagari name, entity). Where each name comes from (column `source`):
- `lgd`: LGD's own "In Local" name where it is Devanagari (Maharashtra's are Marathi);
- `npm`: state and district names from districts_hi_country_state_district_1.0.1.csv,
  joined on a normalised English name within the state (unmatched ones are printed);
- `alias`: an entity that none of the above names (a district created in 2022) takes its
  hand-written names from place_aliases.tsv;
- `same_name`: an entity with only a Latin name takes the Devanagari name(s) of entities
  in the same state whose English name is identical (e.g. UP's town and tehsil Mainpuri
  take the district's मैनपुरी); a hyphenated name whose every part is found that way is
  joined (Khairagarh-Chhuikhadan-Gandai). No English name is transliterated: a guessed
  spelling (a/aa, retroflex, schwa) is wrong too often, so such entities are left out.
Towns (urban local bodies) have no district in LGD: a town takes the district of the
sub-district, block or district of the same name in its state when that is unique.
Every row carries LGD's "State or UT" flag of its state (column `state_or_ut`: S or U).
"""
from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pipelines.extract.places import KIND_RANK, normalize  # noqa: E402

COLUMNS = ["name_hi", "kind", "state_en", "state_code", "district_code", "code", "name_en", "source",
           "state_or_ut"]
_DEVANAGARI_NAME = re.compile(r"[\u0900-\u0963\u0970-\u097f][\u0900-\u0963\u0966-\u097f0-9 .\-]*")
_PARENS = re.compile(r"\s*\([^)]*\)?")
_SMALL = {"and", "of", "the"}

# npm "Hindi" names that are machine-translation errors (Solan -> "एक प्रकार का हंस",
# Budaun -> शाहजहांपुर); found by transliterating every npm name back and reading the
# least similar ones. place_aliases.tsv gives the right names.
NPM_WRONG = {"Erode", "Solan", "Mon", "Budaun", "Noney", "Kamle", "Thane", "Mau", "Baran"}

# npm district names that LGD spells or names differently (renamed, split or
# abbreviated); npm name -> LGD name, within the same state. General knowledge.
NPM_RENAMES = {
    "Kadapa": "Y.S.R.", "Nellore": "Spsr Nellore", "Central Siang": "Siang",
    "Kamrup Metropolitan": "Kamrup Metro", "East Champaran": "Purbi Champaran",
    "West Champaran": "Pashchim Champaran", "Koriya": "Korea",
    "Central Delhi": "Central", "East Delhi": "East", "North Delhi": "North",
    "North East Delhi": "North East", "North West Delhi": "North West", "South Delhi": "South",
    "South East Delhi": "South East", "South West Delhi": "South West", "West Delhi": "West",
    "Dahod": "Dohad", "Kutch": "Kachchh", "Mehsana": "Mahesana", "Mewat": "Nuh",
    "Lahaul Spiti": "Lahul and Spiti", "Bangalore Rural": "Bengaluru Rural",
    "Bangalore Urban": "Bengaluru Urban", "Belgaum": "Belagavi", "Bellary": "Ballari",
    "Gulbarga": "Kalaburagi", "Mysore": "Mysuru", "Lakshadweep": "Lakshadweep District",
    "Leh": "Leh Ladakh", "Hoshangabad": "Narmadapuram", "Khandwa": "East Nimar",
    "Mumbai City": "Mumbai", "Balasore": "Baleshwar", "Debagarh": "Deogarh",
    "Subarnapur": "Sonepur", "Puducherry": "Pondicherry", "Firozpur": "Ferozepur",
    "Mohali": "S.A.S Nagar", "Muktsar": "Sri Muktsar Sahib", "East Sikkim": "Gangtok",
    "North Sikkim": "Mangan", "South Sikkim": "Namchi", "West Sikkim": "Gyalshing",
    "Thoothukudi": "Tuticorin", "Jagtial": "Jagitial", "Jayashankar": "Jayashankar Bhupalapally",
    "Jogulamba": "Jogulamba Gadwal", "Komaram Bheem": "Kumuram Bheem Asifabad",
    "Medchal": "Medchal Malkajgiri", "Warangal Rural": "Warangal", "Warangal Urban": "Hanumakonda",
    "Pauri": "Pauri Garhwal", "Tehri": "Tehri Garhwal", "Dakshin Dinajpur": "Dinajpur Dakshin",
    "Uttar Dinajpur": "Dinajpur Uttar", "North 24 Parganas": "24 Paraganas North",
    "South 24 Parganas": "24 Paraganas South", "Paschim Medinipur": "Medinipur West",
    "Purba Medinipur": "Medinipur East",
}


@dataclass
class Entity:
    kind: str
    code: int
    state_code: int
    district_code: int | None
    name_en: str
    names: list[tuple[str, str]] = field(default_factory=list)  # (name_hi, source)
    ut: bool = False  # a state entity that is a union territory

    def add(self, name: str | None, source: str) -> None:
        if name and all(normalize(name) != normalize(n) for n, _ in self.names):
            self.names.append((name, source))


def devanagari(name: str) -> str | None:
    """The Devanagari name cleaned (ZWJ, bracketed qualifiers and odd spacing removed), or None."""
    s = _PARENS.sub("", name.replace("\u200d", "").replace("\u200c", ""))
    s = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", s)).strip(" -")
    return s if _DEVANAGARI_NAME.fullmatch(s) else None


def title(name: str) -> str:
    words = re.sub(r"\s+", " ", name.strip()).split(" ")
    if words[0].lower() == "the":
        words = words[1:]
    out = [w.lower() if i and w.lower() in _SMALL else "-".join(p.capitalize() for p in w.split("-"))
           for i, w in enumerate(words)]
    return " ".join(out)


def en_key(name: str) -> str:
    """Loose key for joining English spellings (Baloda Bazar = Balodabazar, Kawardha = Kavardha)."""
    s = re.sub(r"[^a-z]", "", _PARENS.sub("", name.lower()))
    for a, b in (("aa", "a"), ("ee", "i"), ("oo", "u"), ("w", "v"), ("z", "j"), ("y", "i"),
                 ("ph", "f"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"),
                 ("bh", "b"), ("ch", "c"), ("jh", "j")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def exact_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _PARENS.sub("", name.lower()))


def read(src: Path, name: str) -> list[list[str]]:
    with (src / name).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


# --- sources ---------------------------------------------------------------

def load_states(src: Path) -> dict[int, Entity]:
    states = {}
    for r in read(src, "lgd_states_2020-11-28.csv"):
        code = int(r[1])
        e = Entity("state", code, code, None, title(r[3]), ut=r[7].strip() == "U")
        e.add(devanagari(r[4]), "lgd")
        states[code] = e
    return states


def load_districts(src: Path) -> dict[int, Entity]:
    out: dict[int, Entity] = {}
    for r in read(src, "lgd_districts_2020-11-28.csv"):
        e = Entity("district", int(r[3]), int(r[1]), int(r[3]), title(r[5]))
        e.add(devanagari(r[6]), "lgd")
        out[e.code] = e
    for r in read(src, "lgd_districts_2022-12-14_en.csv"):
        code = int(r[2])
        if code in out:
            out[code].name_en = title(r[3])  # newer spelling or name (Narmadapuram)
        else:
            out[code] = Entity("district", code, int(r[0]), code, title(r[3]))
    return out


def load_subdistricts(src: Path) -> list[Entity]:
    out = []
    for r in read(src, "lgd_subdistricts_2020-11-28.csv"):
        e = Entity("subdistrict", int(r[5]), int(r[1]), int(r[3]), title(r[7]))
        e.add(devanagari(r[8]), "lgd")
        out.append(e)
    return out


def load_blocks(src: Path) -> list[Entity]:
    out = []
    for r in read(src, "lgd_blocks_2022-03-11.csv"):
        e = Entity("block", int(r[5]), int(r[1]), int(r[3]), title(r[7]))
        e.add(devanagari(r[8] if len(r) > 8 else ""), "lgd")
        out.append(e)
    return out


def load_towns(src: Path) -> list[Entity]:
    out = []
    for r in read(src, "lgd_urban_local_bodies_2022-03-11.csv"):
        e = Entity("town", int(r[1]), int(r[7]), None, title(r[3]))
        e.add(devanagari(r[4]), "lgd")
        out.append(e)
    return out


# --- joins -----------------------------------------------------------------

def join_npm(src: Path, states: dict[int, Entity], districts: dict[int, Entity]) -> list[str]:
    """Add the npm package's Hindi state and district names; return what did not join."""
    unmatched: list[str] = []
    by_state: dict[str, list[tuple[str, str]]] = defaultdict(list)
    state_hi: dict[str, str] = {}
    for state_en, s_hi, d_en, d_hi in read(src, "districts_hi_country_state_district_1.0.1.csv"):
        by_state[state_en].append((d_en, d_hi))
        state_hi[state_en] = s_hi
    for state_en, s_hi in state_hi.items():
        st = match_state(state_en, states)
        if st is None:
            unmatched.append(f"state {state_en}")
            continue
        st.add(s_hi.strip(), "npm")
        pool = [d for d in districts.values() if d.state_code == st.code]
        # A split UT (Dadra Nagar Haveli, Daman Diu) shares state code 38.
        unmatched += [f"district {state_en}/{d_en}" for d_en, d_hi in by_state[state_en]
                      if not join_district(d_en, d_hi.strip(), pool)]
    return unmatched


def match_state(name: str, states: dict[int, Entity]) -> Entity | None:
    words = set(name.lower().split()) - _SMALL
    hits = [s for s in states.values() if words <= set(s.name_en.lower().split())]
    return hits[0] if len(hits) == 1 else None


def join_district(d_en: str, d_hi: str, pool: list[Entity]) -> bool:
    key = en_key(NPM_RENAMES.get(d_en, d_en))
    hits = [d for d in pool if en_key(d.name_en) == key]
    if not hits:
        close = difflib.get_close_matches(key, [en_key(d.name_en) for d in pool], n=2, cutoff=0.85)
        hits = [d for d in pool if close and en_key(d.name_en) == close[0]] if len(close) == 1 else []
        if hits:
            print(f"  fuzzy: {d_en} = {hits[0].name_en}", file=sys.stderr)
    if len(hits) != 1 or devanagari(d_hi) is None:
        return False
    if d_en in NPM_WRONG:
        return True
    hits[0].add(devanagari(d_hi), "npm")
    return True


def fill_same_name(entities: list[Entity]) -> None:
    """Latin-only entities take the Devanagari names of same-named entities of their state."""
    known: dict[tuple[int, str], list[str]] = defaultdict(list)
    for e in entities:
        for name, _ in e.names:
            if name not in known[(e.state_code, exact_key(e.name_en))]:
                known[(e.state_code, exact_key(e.name_en))].append(name)
    for e in entities:
        if e.names:
            continue
        for name in known.get((e.state_code, exact_key(e.name_en)), []):
            e.add(name, "same_name")
        parts = e.name_en.split("-")
        if not e.names and len(parts) > 1:
            hi = [known.get((e.state_code, exact_key(p)), []) for p in parts]
            if all(len(h) == 1 for h in hi):
                e.add("-".join(h[0] for h in hi), "same_name")


def name_from_aliases(path: Path, entities: list[Entity], states: dict[int, Entity]) -> None:
    """An entity still without a Devanagari name takes its hand-written aliases (new districts)."""
    index = {(e.kind, states[e.state_code].name_en, e.name_en.lower()): e for e in entities}
    with path.open(encoding="utf-8", newline="") as f:
        lines = (ln for ln in f if not ln.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            e = index.get((row["kind"], row["state_en"], row["name_en"].lower()))
            if e is None and is_ut_city(row, states):
                continue  # the city of a UT that LGD lists as no entity of its own (Delhi)
            if e is None:
                sys.exit(f"place_aliases.tsv: no {row['kind']} {row['name_en']!r} in {row['state_en']}")
            if not e.names or e.names[-1][1] == "alias":
                e.add(row["alias"], "alias")


def is_ut_city(row: dict[str, str], states: dict[int, Entity]) -> bool:
    """An alias row naming a UT's own city (a town called like the UT) where LGD has no such entity."""
    return row["kind"] == "town" and row["name_en"] == row["state_en"] and any(
        s.ut and s.name_en == row["state_en"] for s in states.values())


def town_districts(towns: list[Entity], others: list[Entity]) -> None:
    """Give a town the district of the unique same-named sub-district/block/district in its state."""
    by_en: dict[tuple[int, str], set[int]] = defaultdict(set)
    by_hi: dict[tuple[int, str], set[int]] = defaultdict(set)
    for e in others:
        if e.district_code is None:
            continue
        by_en[(e.state_code, exact_key(e.name_en))].add(e.district_code)
        for name, _ in e.names:
            by_hi[(e.state_code, normalize(name))].add(e.district_code)
    for t in towns:
        found = by_en.get((t.state_code, exact_key(t.name_en)), set())
        if len(found) != 1 and t.names:
            found = by_hi.get((t.state_code, normalize(t.names[0][0])), set())
        if len(found) == 1:
            t.district_code = next(iter(found))


# --- output ----------------------------------------------------------------

def rows(entities: list[Entity], states: dict[int, Entity]) -> list[list[str]]:
    out = []
    for e in sorted(entities, key=lambda e: (e.state_code, KIND_RANK[e.kind], e.code)):
        for name, source in e.names:
            out.append([name, e.kind, states[e.state_code].name_en, str(e.state_code),
                        "" if e.district_code is None or e.kind == "state" else str(e.district_code),
                        str(e.code), e.name_en, source, "U" if states[e.state_code].ut else "S"])
    return out


def write(out: Path, table: list[list[str]]) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("# Devanagari names of LGD entities; built by scripts/build_gazetteer.py, see GAZETTEER.md\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(COLUMNS)
        w.writerows(table)


def coverage(entities: list[Entity], states: dict[int, Entity]) -> None:
    named = Counter((states[e.state_code].name_en, e.kind) for e in entities if e.names)
    total = Counter((states[e.state_code].name_en, e.kind) for e in entities)
    kinds = list(KIND_RANK)
    print("state".ljust(42) + "".join(k[:11].rjust(12) for k in kinds))
    for st in sorted({s for s, _ in total}):
        cells = [f"{named[(st, k)]}/{total[(st, k)]}" for k in kinds]
        print(st[:41].ljust(42) + "".join(c.rjust(12) for c in cells))
    print("all".ljust(42) + "".join(
        f"{sum(v for (_, k2), v in named.items() if k2 == k)}/{sum(v for (_, k2), v in total.items() if k2 == k)}".rjust(12)
        for k in kinds))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "gazetteer")
    ap.add_argument("--out", type=Path, default=ROOT / "pipelines" / "extract" / "data" / "gazetteer.tsv")
    ap.add_argument("--aliases", type=Path, default=ROOT / "pipelines" / "extract" / "data" / "place_aliases.tsv")
    ap.add_argument("--quiet", action="store_true", help="no coverage table")
    args = ap.parse_args()
    states = load_states(args.src)
    districts = load_districts(args.src)
    unmatched = join_npm(args.src, states, districts)
    subdistricts, blocks, towns = load_subdistricts(args.src), load_blocks(args.src), load_towns(args.src)
    entities = [*states.values(), *districts.values(), *subdistricts, *blocks, *towns]
    name_from_aliases(args.aliases, entities, states)
    fill_same_name(entities)
    town_districts(towns, [*districts.values(), *subdistricts, *blocks])
    table = rows(entities, states)
    write(args.out, table)
    print(f"{len(table)} rows, {sum(bool(e.names) for e in entities)}/{len(entities)} entities named -> {args.out}")
    print(f"towns with a district: {sum(t.district_code is not None for t in towns if t.names)}"
          f"/{sum(bool(t.names) for t in towns)}")
    print("npm names not joined:", "; ".join(unmatched) or "none")
    if not args.quiet:
        coverage(entities, states)


if __name__ == "__main__":
    main()
