"""The offline map: package data with its source and licence, points where the gazetteer puts them."""
from __future__ import annotations

import socket
import tomllib

import matplotlib
import numpy as np
import pandas as pd
import pytest

from newslib import config
from newslib.present import maps, report

matplotlib.use("Agg")


def test_outlines_are_package_data_with_source_and_licence():
    cs = maps.countries()
    assert len(cs) >= 170
    names = {c["name"] for c in cs}
    assert {"Syria", "Iraq", "Turkey", "Sudan", "Ethiopia", "Yemen", "Ukraine"} <= names
    for c in cs:
        for ring in c["rings"]:
            xy = np.asarray(ring).reshape(-1, 2)
            assert len(xy) >= 4
            assert (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()
    readme = (config.PACKAGE_DIR / "geodata" / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme.lower() and "pyogrio" in readme
    assert (config.PROJECT_ROOT / "tools" / "build_world_map.py").exists()
    pyproject = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "geodata/*.json" in pyproject["tool"]["setuptools"]["package-data"]["newslib"]


def test_syria_outline_holds_its_towns():
    from matplotlib.path import Path

    syria = next(c for c in maps.countries() if c["name"] == "Syria")
    path = Path(np.asarray(max(syria["rings"], key=len)).reshape(-1, 2))
    for lon, lat in ((36.29, 33.51), (40.14, 35.34), (38.88, 34.89)):  # Damascus, Deir ez-Zor, Sukhna
        assert path.contains_point((lon, lat))
    assert not path.contains_point((44.36, 33.31))  # Baghdad


def test_extent_holds_the_points_with_context():
    west, east, south, north = maps.extent([34.9, 36.2], [38.9, 40.1])
    assert west < 38.9 < 40.1 < east and south < 34.9 < 36.2 < north
    assert north - south >= 7 and (east - west) > (north - south)
    one = maps.extent([0.0], [0.0])
    assert one[0] < 0 < one[1] and one[2] < 0 < one[3]


def _rows():
    return pd.DataFrame({
        "place": ["Sukhna", "Damascus", "Damascus", "Nowhere"],
        "lat": pd.array([34.889, 33.513, 33.513, None], dtype="Float64"),
        "lon": pd.array([38.877, 36.292, 36.292, None], dtype="Float64"),
        "best": pd.array([120, 45, None, 9], dtype="Int64"),
    })


def test_points_sit_at_their_coordinates_sized_by_the_figure(monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("the map tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fig = maps.incident_map(_rows())
    ax = fig.axes[0]
    drawn = [c for c in ax.collections if len(c.get_offsets()) == 2]
    (dots,) = drawn
    offsets = np.asarray(dots.get_offsets())
    assert np.allclose(offsets, [[38.877, 34.889], [36.292, 33.513]])
    sizes = dots.get_sizes()
    assert sizes[0] > sizes[1]  # 120 draws larger than 45
    assert sizes[0] / sizes[1] == pytest.approx(120 / 45, rel=0.01)  # area proportional to the figure
    labels = [t.get_text() for t in ax.texts]
    assert "Sukhna: 120" in labels and "Damascus: 2 incidents, up to 45" in labels
    notes = [t.get_text() for t in fig.texts]
    assert any("Natural Earth" in n and "1 incident without coordinates" in n for n in notes)
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    assert west < 36.292 and 38.877 < east and south < 33.513 and 34.889 < north
    assert report.figure_png(fig) == report.figure_png(maps.incident_map(_rows()))  # same rows, same picture


def test_labels_keep_dollar_signs_literal():
    rows = pd.DataFrame({"place": ["$5 town$"], "lat": [10.0], "lon": [10.0], "best": [3]})
    ax = maps.incident_map(rows).axes[0]
    assert "$5 town$: 3" in [t.get_text() for t in ax.texts]
    assert all(not t.get_parse_math() for t in ax.texts)


def test_nothing_to_draw():
    fig = maps.incident_map(pd.DataFrame({"place": ["X"], "lat": [None], "lon": [None], "best": [1]}))
    assert "No incident has coordinates" in fig.axes[0].texts[0].get_text()
    assert maps.map_alt(pd.DataFrame()) == "Map: no incident has coordinates."
