"""Graduated styles: class breaks computed by hand, numeric category order, labels placement."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from resilience_desktop.errors import InvalidInputError
from resilience_desktop.gis.classify import breaks, class_of, natural_breaks, ramp_colours
from resilience_desktop.gis.display import categories_for
from resilience_desktop.gis.labels import label_spec, place_labels
from resilience_desktop.gis.style import check_style, graduated_style, legend_entries, sort_categories

from ..fixtures import run_cli
from . import samples

POP = [10, 2, 150, 40, 75, 1000, None, "n/a"]


def test_equal_interval_by_hand():
    # range 2..1000 in 4 equal widths of 249.5
    assert breaks(POP, "equal", 4) == [2.0, 251.5, 501.0, 750.5, 1000.0]


def test_quantiles_by_hand():
    # sorted numbers 2, 10, 40, 75, 150, 1000 (six); quartiles by linear interpolation
    assert breaks(POP, "quantile", 4) == [2.0, 17.5, 57.5, 131.25, 1000.0]


def test_natural_breaks_by_hand():
    # {2,10,40,75} {150} {1000}: squared deviations 3296.75 (mean 31.75), 0, 0 — less than
    # {2,10,40} {75,150} {1000}: 802.67 + 2812.5 = 3615.17, or any other split
    assert breaks(POP, "jenks", 3) == [2.0, 75.0, 150.0, 1000.0]
    # three clear groups are found whatever their order
    rng = np.random.default_rng(3)
    data = np.concatenate([rng.normal(10, 1, 50), rng.normal(100, 2, 50), rng.normal(400, 3, 50)])
    rng.shuffle(data)
    e = natural_breaks(data, 3)
    assert e[1] < 20 and 90 < e[2] < 120 and e[3] == data.max()


def test_natural_breaks_of_many_values_is_fast_and_keeps_the_extremes():
    import time
    data = np.random.default_rng(1).lognormal(3, 1, 100_000)
    t = time.perf_counter()
    e = natural_breaks(data, 7)
    assert time.perf_counter() - t < 5
    assert e[0] == data.min() and e[-1] == data.max() and len(e) == 8


def test_class_of_and_colours():
    assert class_of(POP, [2.0, 40.0, 150.0, 1000.0]).tolist() == [1, 1, 2, 1, 2, 3, 0, 0]
    style = graduated_style(POP, "pop", method="jenks", classes=3)
    idx, colours = categories_for(style, POP, len(POP))
    assert idx.tolist() == [1, 1, 2, 1, 1, 3, 0, 0]
    assert colours[1:] == ramp_colours("yellow-red", 3) and colours[0] == style["color"]
    assert [e[0] for e in legend_entries(style)] == ["2 – 75", "75 – 150", "150 – 1,000"]


def test_bad_classifications_are_refused():
    with pytest.raises(InvalidInputError, match="numeric values"):
        breaks(["a", None], "jenks", 3)
    with pytest.raises(InvalidInputError, match="from 2 to 12"):
        breaks(POP, "equal", 30)
    with pytest.raises(InvalidInputError):
        check_style({"kind": "graduated", "field": "pop", "breaks": [3, 1], "colors": ["#000000"]})
    with pytest.raises(InvalidInputError, match="one colour per class"):
        check_style({"kind": "graduated", "field": "pop", "breaks": [1, 2, 3], "colors": ["#000000"]})
    with pytest.raises(InvalidInputError, match="label size"):
        check_style({"kind": "single", "color": "#000000", "labels": {"field": "a", "size": 200}})


def test_size_by_value_grows_with_the_class():
    style = graduated_style(POP, "pop", classes=4, size_by_value=True)
    assert style["sizes"] == sorted(style["sizes"]) and style["sizes"][0] < style["sizes"][-1]


def test_numeric_categories_sort_as_numbers():
    assert sort_categories(["1", "10", "10315", "2", ""]) == ["", "1", "2", "10", "10315"]


def test_labels_that_overlap_are_dropped_best_first():
    geoms = np.array([shapely.Point(0, 0), shapely.Point(1, 0), shapely.Point(100, 0), None], dtype=object)
    spec = label_spec(geoms, ["low", "HIGH", "far", "none"], priority=[1, 5, 0, 9])
    assert np.isnan(spec.anchors[3]).all()                       # no geometry: no label
    px = spec.anchors * 1.0 + 200                                 # 1 map unit = 1 px
    placed = place_labels([(spec, px)], lambda t, s: (10.0 * len(t), 12.0), 800, 600)
    assert sorted(p.text for p in placed) == ["HIGH", "far"]      # "low" overlapped "HIGH" and lost
    blocked = place_labels([(spec, px)], lambda t, s: (10.0 * len(t), 12.0), 800, 600,
                           blocked=[(150, 150, 400, 100)])
    assert blocked == []


def test_map_render_with_labels_graduated_style_and_extent(tmp_path):
    samples.almaty_districts(tmp_path)
    samples.almaty_hospitals(tmp_path)
    out = tmp_path / "m.png"
    r = run_cli("map", "render", tmp_path / "districts.gpkg", tmp_path / "hospitals.geojson", "-o", out,
                "--size", "1600x1200", "--labels", "hospitals:name", "--style", "districts:graduated:pop:3",
                "--no-basemap", "--extent", "76.85,43.17,77.02,43.32,EPSG:4326", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["labels"] == 5 and data["points"] == 5 and data["crs"] == "EPSG:32643"
    from PySide6.QtGui import QColor, QImage
    img = QImage(str(out))
    colours = {QColor(img.pixel(x, y)).name() for x in range(0, 1600, 20) for y in range(0, 1200, 20)}
    assert "#d5e6f0" not in colours                                 # no basemap sea
    r = run_cli("map", "render", tmp_path / "districts.gpkg", "-o", out, "--style", "districts:graduated:nope")
    assert r.returncode == 2 and "no field 'nope'" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("map", "render", tmp_path / "districts.gpkg", "-o", out, "--style", "districts:colour:pop")
    assert r.returncode == 2 and "LAYER:graduated:FIELD" in r.stderr
    r = run_cli("map", "render", tmp_path / "districts.gpkg", "-o", out, "--extent", "1,2,3")
    assert r.returncode == 2 and "--extent" in r.stderr


def test_points_keep_a_light_halo_over_a_dark_fill(tmp_path):
    """A GIS analyst's trial: the default blue points vanished over a dark blue flood-depth raster (their
    dark ring was as dark as the raster). A white halo around the ring keeps them visible on any fill."""
    import shapely
    from PySide6.QtGui import QColor, QImage, QPainter

    from resilience_desktop.gis.display import View
    from resilience_desktop.gis.scene import scene_from_files
    from resilience_desktop.ui.map.render_png import ensure_gui_app
    from resilience_desktop.ui.map.renderer import render_layers

    path = samples._write(tmp_path / "schools.geojson", [shapely.Point(74.6, 42.87)], {"name": ["Школа № 5"]},
                          geometry_type="Point", crs="EPSG:4326")
    scene = scene_from_files([path], basemap=False)
    ensure_gui_app()
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#08306b"))  # the darkest blue of a flood ramp
    x0, y0, x1, y1 = scene.extent
    view = View.fit((x0 - 100, y0 - 100, x1 + 100, y1 + 100), 200, 200)
    painter = QPainter(image)
    render_layers(painter, scene.layers, view)
    painter.end()
    light = [(x, y) for x in range(80, 120) for y in range(80, 120) if QColor(image.pixel(x, y)).lightness() > 200]
    assert light, "nothing light around the point on the dark fill"
