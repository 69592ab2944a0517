"""The pure-Python layered layout and SVG writer."""

import re
import xml.etree.ElementTree as ET

import pytest

from lamina.visualization.layered_layout import text_width
from lamina.visualization.plot_graph import PlotCluster, PlotGraph, PlotNode
from lamina.visualization.svg_renderer import render_svg

SVG = "{http://www.w3.org/2000/svg}"


def _graph(names, edges, clusters=None):
    clusters = clusters or {}
    nodes = [PlotNode(n, (n, "Dense"), cluster=clusters.get(n)) for n in names]
    frames = list({id(c): c for c in clusters.values()}.values())
    return PlotGraph("g", nodes, edges, frames)


def _boxes(svg):
    """``{name: (x, y, w, h)}`` from the outline rect (last rect) of each node group."""
    root = ET.fromstring(svg.encode())
    out = {}
    for group in root.iter(SVG + "g"):
        if group.get("class") == "node":
            rect = group.findall(SVG + "rect")[-1]
            out[group.find(SVG + "title").text] = tuple(
                float(rect.get(k)) for k in ("x", "y", "width", "height")
            )
    return out


def _overlap(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize("rankdir", ["TB", "BT", "LR", "RL"])
def test_chain_follows_rankdir(rankdir):
    boxes = _boxes(render_svg(_graph(["a", "b", "c"], [("a", "b"), ("b", "c")]), rankdir))
    axis = 1 if rankdir in ("TB", "BT") else 0
    starts = [boxes[n][axis] for n in "abc"]
    if rankdir in ("TB", "LR"):
        assert starts == sorted(starts)
    else:
        assert starts == sorted(starts, reverse=True)
    centres = {round(boxes[n][1 - axis] + boxes[n][3 - axis] / 2, 1) for n in "abc"}
    assert len(centres) == 1  # a chain is drawn straight


def test_longest_path_layering_and_no_overlap():
    # a -> b -> c -> d, and a skip a -> d: d sits below c, the skip gets waypoints.
    names = ["a", "b", "c", "d", "e"]
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("a", "e")]
    svg = render_svg(_graph(names, edges))
    boxes = _boxes(svg)
    assert boxes["a"][1] < boxes["b"][1] < boxes["c"][1] < boxes["d"][1]
    assert boxes["e"][1] == boxes["b"][1]
    for i, p in enumerate(names):
        for q in names[i + 1 :]:
            assert not _overlap(boxes[p], boxes[q]), (p, q)
    paths = re.findall(r'<g class="edge"><path d="(M[^"]+)"', svg)
    assert len(paths) == 5
    assert max(p.count("C") for p in paths) >= 3  # the skip edge bends through its waypoints


def test_barycentric_order_avoids_crossings():
    # Two independent towers: their boxes keep to their side.
    names = ["a1", "b1", "a2", "b2", "a3", "b3"]
    edges = [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("b2", "b3")]
    boxes = _boxes(render_svg(_graph(names, edges)))
    left_a = boxes["a1"][0] < boxes["b1"][0]
    assert all((boxes[f"a{i}"][0] < boxes[f"b{i}"][0]) == left_a for i in (2, 3))


def test_clusters_frame_their_boxes():
    frame = PlotCluster("cluster_0", "inner")
    graph = _graph(
        ["x", "i1", "i2", "y"],
        [("x", "i1"), ("i1", "i2"), ("i2", "y"), ("x", "y")],
        clusters={"i1": frame, "i2": frame},
    )
    svg = render_svg(graph)
    root = ET.fromstring(svg.encode())
    cluster = next(g for g in root.iter(SVG + "g") if g.get("class") == "cluster")
    rect = cluster.find(SVG + "rect")
    cx, cy, cw, ch = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
    boxes = _boxes(svg)
    for name in ("i1", "i2"):
        x, y, w, h = boxes[name]
        assert cx < x and cy < y and x + w < cx + cw and y + h < cy + ch
    for name in ("x", "y"):
        assert not _overlap(boxes[name], (cx, cy, cw, ch))


def test_text_is_escaped_and_document_is_valid():
    graph = PlotGraph(
        'm<&>"',
        [
            PlotNode(
                "n",
                ('a<b>&"c"', "Dense"),
                "relu",
                [("Output shape: ", "(None, 3)", "plain"), ("", "Trainable", "trainable")],
            )
        ],
        [],
    )
    svg = render_svg(graph)
    root = ET.fromstring(svg.encode())
    assert root.find(SVG + "title").text == 'm<&>"'
    assert 'a<b>&"c"' in "".join(root.itertext())


def test_boxes_are_wide_enough_for_their_text():
    graph = PlotGraph(
        "g",
        [
            PlotNode(
                "n",
                ("a_long_layer_name", "Concatenate"),
                None,
                [("Input shape: ", "[(None, 4), (None, 4)]", "plain")],
            )
        ],
        [],
    )
    ((x, y, w, h),) = _boxes(render_svg(graph)).values()
    assert w >= text_width("Input shape: [(None, 4), (None, 4)]", 12, bold=True)
    assert h == 52  # title row + one row of cells


def test_empty_graph():
    root = ET.fromstring(render_svg(PlotGraph("empty")).encode())
    assert root.tag == SVG + "svg"
