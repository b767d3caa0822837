"""Build places_latin.tsv: the LGD entities that gazetteer.tsv has no Devanagari name for.

    .venv/bin/python scripts/build_places_latin.py [--src DIR]

One row per entity (district, sub-district, block, town) with its LGD English name only.
places.lookup_romanised finds them by the sound of a Devanagari word, and only where the
text says that the word is a place. The LGD readers are those of scripts/build_gazetteer.py.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "pipelines" / "extract" / "data"
COLUMNS = ["name_en", "kind", "state_en", "state_code", "district_code", "code"]


def _builder():
    import build_gazetteer  # beside this script

    return build_gazetteer


def _named(gazetteer: Path) -> set[tuple[str, int]]:
    with gazetteer.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        return {(r["kind"], int(r["code"])) for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "gazetteer")
    ap.add_argument("--out", type=Path, default=DATA / "places_latin.tsv")
    args = ap.parse_args()
    b = _builder()
    states, districts = b.load_states(args.src), b.load_districts(args.src)
    subdistricts, blocks, towns = b.load_subdistricts(args.src), b.load_blocks(args.src), b.load_towns(args.src)
    b.town_districts(towns, [*districts.values(), *subdistricts, *blocks])
    named = _named(DATA / "gazetteer.tsv")
    table = sorted({(e.name_en, e.kind, states[e.state_code].name_en, str(e.state_code),
                     "" if e.district_code is None else str(e.district_code), str(e.code))
                    for e in [*districts.values(), *subdistricts, *blocks, *towns]
                    if (e.kind, e.code) not in named and e.name_en},
                   key=lambda r: (int(r[3]), r[1], r[0], int(r[5]), r[4]))  # total order: reproducible
    with args.out.open("w", encoding="utf-8", newline="") as f:
        f.write("# LGD entities without a Devanagari name in gazetteer.tsv; built by scripts/build_places_latin.py\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(COLUMNS)
        w.writerows(table)
    print(f"{len(table)} rows -> {args.out}")


if __name__ == "__main__":
    main()
