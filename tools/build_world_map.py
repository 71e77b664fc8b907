"""Build ``src/newslib/geodata/countries_110m.json``: country outlines for the offline map.

Source: Natural Earth 1:110m Admin 0 - Countries (public domain), as bundled in the wheel of the
PyPI package ``pyogrio`` (MIT), file ``pyogrio/tests/fixtures/naturalearth_lowres/
naturalearth_lowres.shp`` and ``.dbf`` (its fixtures README: "copied from GeoPandas. License:
public domain"). Its geometry is byte-identical to Natural Earth's own
``ne_110m_admin_0_countries.shp`` version 4.1.0.

Run once, when the data should change (never at run time; newslib reads only the JSON)::

    python tools/build_world_map.py                 # pip-downloads the pinned wheel into a temp folder
    python tools/build_world_map.py --wheel PATH    # or reads a wheel you already have

The shapefile is read with the standard library (``struct``): coordinates are rounded to 0.01
degree (about 1 km, far below the 1:110m scale), repeated points dropped, and each country
kept as its rings in the file's order (outer rings clockwise, holes counter-clockwise, so a
fill with either winding rule leaves the holes open).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "pyogrio"
VERSION = "0.13.0"
MEMBER = "pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "newslib" / "geodata" / "countries_110m.json"
DIGITS = 2


def read_dbf(data: bytes, encoding: str = "latin-1") -> list[dict]:
    """Records of a dBASE III table (the attributes of a shapefile)."""
    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        ftype, flen = chr(data[pos + 11]), data[pos + 16]
        fields.append((name, ftype, flen))
        pos += 32
    rows = []
    for i in range(n):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        if rec[:1] == b"*":  # deleted
            continue
        off, row = 1, {}
        for name, ftype, flen in fields:
            raw = rec[off:off + flen].decode(encoding).strip()
            off += flen
            row[name] = (float(raw) if raw else None) if ftype in "NF" else raw
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """The rings of each record of a polygon shapefile (type 5)."""
    shape_type = struct.unpack("<i", data[32:36])[0]
    if shape_type != 5:
        raise SystemExit(f"expected a polygon shapefile (type 5), got type {shape_type}")
    out, pos = [], 100
    while pos < len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        content = data[pos + 8: pos + 8 + 2 * words]
        pos += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] == 0:  # null shape
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        pts = struct.unpack(f"<{2 * n_points}d", content[base:base + 16 * n_points])
        rings = []
        for a, b in zip(parts, parts[1:]):
            rings.append([(pts[2 * k], pts[2 * k + 1]) for k in range(a, b)])
        out.append(rings)
    return out


def compact(ring: list[tuple[float, float]]) -> list[float]:
    """A ring rounded to ``DIGITS`` decimals, without repeated points, as a flat list."""
    flat: list[float] = []
    last = None
    for x, y in ring:
        p = (round(x, DIGITS), round(y, DIGITS))
        if p != last:
            flat += [p[0], p[1]]
            last = p
    return flat


def fetch_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version",
                    "3.11", "--platform", "manylinux_2_28_x86_64", "-d", str(folder), f"{PACKAGE}=={VERSION}"],
                   check=True)
    return next(folder.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def build(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as z:
        shp = z.read(MEMBER + ".shp")
        dbf = z.read(MEMBER + ".dbf")
        cpg = z.read(MEMBER + ".cpg").decode("ascii").strip() if MEMBER + ".cpg" in z.namelist() else "latin-1"
    encoding = {"ISO-8859-1": "latin-1"}.get(cpg, cpg)
    records = read_dbf(dbf, encoding)
    shapes = read_shp(shp)
    if len(records) != len(shapes):
        raise SystemExit(f"{len(records)} attribute rows but {len(shapes)} shapes")
    countries = []
    for rec, rings in zip(records, shapes):
        kept = [r for r in (compact(x) for x in rings) if len(r) >= 8]  # 4 points or more
        if kept:
            countries.append({"name": rec.get("name", ""), "iso_a3": rec.get("iso_a3", ""),
                              "continent": rec.get("continent", ""), "rings": kept})
    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries (naturalearthdata.com), geometry identical to version 4.1.0",
        "licence": "public domain (Natural Earth terms of use)",
        "obtained_from": f"PyPI package {PACKAGE} {VERSION} (MIT), file {MEMBER}.shp/.dbf",
        "source_sha256": hashlib.sha256(shp).hexdigest(),
        "processing": f"coordinates rounded to {DIGITS} decimals, repeated points dropped (tools/build_world_map.py)",
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help=f"a {PACKAGE} {VERSION} wheel (default: pip download it)")
    ap.add_argument("--out", type=Path, default=TARGET)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        data = build(wheel)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    n_pts = sum(len(r) // 2 for c in data["countries"] for r in c["rings"])
    print(f"{args.out}: {len(data['countries'])} countries, {n_pts} points, {len(text) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
