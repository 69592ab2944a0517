"""Draw a :class:`~lamina.visualization.plot_graph.PlotGraph` as SVG, in pure Python.

Used by ``plot_model`` when Graphviz is not installed, so a plot works on any machine.
Boxes are placed by ``layered_layout`` and drawn as Keras draws them (dark title bar,
white cells); arrows are smooth curves through their waypoints. All text is escaped;
text widths are estimated from Helvetica metrics.

>>> from lamina.visualization.plot_graph import PlotGraph, PlotNode
>>> graph = PlotGraph("g", [PlotNode("a", ("a", "InputLayer")), PlotNode("b", ("b", "Dense"))],
...                   [("a", "b")])
>>> svg = render_svg(graph)
>>> svg.count('<g class="node"'), svg.count('<g class="edge"')
(2, 1)
"""

from html import escape

from lamina.visualization.layered_layout import (
    CELL_SIZE,
    CLUSTER_LABEL,
    CLUSTER_PAD,
    DUMMY_BREADTH,
    MARGIN,
    RANK_GAP,
    ROW_HEIGHT,
    TITLE_SIZE,
    cluster_path,
    compute_layout,
)


def render_svg(graph, rankdir="TB") -> str:
    """SVG text for ``graph`` with arrows going in direction ``rankdir`` (TB/LR/BT/RL)."""
    horizontal = rankdir in ("LR", "RL")
    layout = compute_layout(graph, horizontal)
    centre = layout.centre
    depth_of_cluster = max((len(p) for p in layout.path.values()), default=0)
    rank_gap = RANK_GAP + depth_of_cluster * (CLUSTER_PAD + CLUSTER_LABEL)
    rank_start, rank_depth, d = [], [], 0.0
    for keys in layout.ranks:
        rank_start.append(d)
        rank_depth.append(max((layout.depth(k) for k in keys), default=0.0))
        d += rank_depth[-1] + rank_gap
    total_depth = max(d - rank_gap, 0.0)
    flip = rankdir in ("BT", "RL")
    shift = [0.0, 0.0]

    def to_screen(b, dd):
        dd = total_depth - dd if flip else dd
        x, y = (dd, b) if horizontal else (b, dd)
        return x + shift[0], y + shift[1]

    def layout_rects():
        rects = {}
        for key in layout.boxes:
            b0 = centre[key] - layout.breadth(key) / 2
            d0 = rank_start[layout.rank[key]]
            x1, y1 = to_screen(b0, d0)
            x2, y2 = to_screen(b0 + layout.breadth(key), d0 + layout.depth(key))
            rects[key] = (min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
        return rects, _cluster_rects(graph, layout, rects)

    def waypoints():
        points = [to_screen(centre[k], rank_start[layout.rank[k]]) for k in centre]
        half = DUMMY_BREADTH / 2
        return [(x - half, y - half, 2 * half, 2 * half) for x, y in points]

    rects, clusters = layout_rects()
    frames = list(rects.values()) + list(clusters.values()) + waypoints()
    shift[0] = MARGIN - min((r[0] for r in frames), default=0.0)
    shift[1] = MARGIN - min((r[1] for r in frames), default=0.0)
    rects, clusters = layout_rects()
    frames = list(rects.values()) + list(clusters.values()) + waypoints()
    ranks = (rank_start, rank_depth)
    edges = [_edge_path(chain, layout, centre, ranks, to_screen) for chain in layout.chains]
    right = max((x + w for x, y, w, h in frames), default=0.0)
    bottom = max((y + h for x, y, w, h in frames), default=0.0)
    return _svg_text(graph, layout, rects, clusters, edges, right + MARGIN, bottom + MARGIN)


def _cluster_rects(graph, layout, rects) -> dict:
    out = {}
    for cluster in sorted(graph.clusters, key=lambda c: -len(cluster_path(c))):
        members = [rects[k] for k in layout.boxes if cluster.key in layout.path[k]]
        members += [out[c.key] for c in graph.clusters if c.parent is cluster and c.key in out]
        if not members:
            continue
        x0 = min(r[0] for r in members) - CLUSTER_PAD
        y0 = min(r[1] for r in members) - CLUSTER_PAD - CLUSTER_LABEL
        x1 = max(r[0] + r[2] for r in members) + CLUSTER_PAD
        y1 = max(r[1] + r[3] for r in members) + CLUSTER_PAD
        out[cluster.key] = (x0, y0, x1 - x0, y1 - y0)
    return out


def _ports(keys, centre, breadth) -> dict:
    """Spread the ends of several arrows along a box side, ordered by the other end."""
    keys = sorted(keys, key=lambda k: centre[k])
    if len(keys) < 2:
        return {k: 0.0 for k in keys}
    step = min(24.0, breadth * 0.6 / (len(keys) - 1))
    return {k: (i - (len(keys) - 1) / 2) * step for i, k in enumerate(keys)}


def _edge_path(chain, layout, centre, ranks, to_screen) -> str:
    rank_start, rank_depth = ranks
    source, destination = chain[0], chain[-1]
    out_port = _ports(layout.succ[source], centre, layout.breadth(source))[chain[1]]
    in_port = _ports(layout.pred[destination], centre, layout.breadth(destination))[chain[-2]]
    points = [(centre[source] + out_port, rank_start[layout.rank[source]] + layout.depth(source))]
    for key in chain[1:-1]:  # a waypoint crosses its rank straight, beside the boxes
        start = rank_start[layout.rank[key]]
        points.append((centre[key], start))
        points.append((centre[key], start + rank_depth[layout.rank[key]]))
    points.append((centre[destination] + in_port, rank_start[layout.rank[destination]] - 2))
    screen = [to_screen(b, d) for b, d in points]
    parts = [f"M{screen[0][0]:.1f},{screen[0][1]:.1f}"]
    for (b0, d0), (b1, d1) in zip(points, points[1:]):
        mid = (d0 + d1) / 2
        c1, c2, end = to_screen(b0, mid), to_screen(b1, mid), to_screen(b1, d1)
        parts.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end[0]:.1f},{end[1]:.1f}")
    return " ".join(parts)


def _text(x, y, parts, size, anchor="middle", color="#1a1a1a") -> str:
    spans = "".join(
        f'<tspan font-weight="bold">{escape(t)}</tspan>' if bold else escape(t) for t, bold in parts
    )
    return (
        f'<text x="{x:.1f}" y="{y + size * 0.36:.1f}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="{color}">{spans}</text>'
    )


def _node_svg(box, rect) -> list:
    x, y, w, h = rect
    name = box.node.title[0] or box.node.title[1]
    out = [
        f'<g class="node" id="{escape(box.node.key)}">',
        f"<title>{escape(name)}</title>",
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{ROW_HEIGHT}" fill="#212121"/>',
        _text(x + w / 2, y + ROW_HEIGHT / 2, box.title, TITLE_SIZE, color="#ffffff"),
    ]
    row_y = y + ROW_HEIGHT
    if box.activation is not None:
        out.append(
            f'<rect x="{x:.1f}" y="{row_y:.1f}" width="{w:.1f}" height="{ROW_HEIGHT}" '
            'fill="#ffffff" stroke="#212121"/>'
        )
        out.append(_text(x + w / 2, row_y + ROW_HEIGHT / 2, box.activation, CELL_SIZE))
        row_y += ROW_HEIGHT
    cell_x = x
    for (parts, kind), cell_w in zip(box.cells, box.cell_widths):
        fill = {"trainable": "#228b22", "frozen": "#b22222"}.get(kind, "#ffffff")
        color = "#1a1a1a" if kind == "plain" else "#ffffff"
        out.append(
            f'<rect x="{cell_x:.1f}" y="{row_y:.1f}" width="{cell_w:.1f}" '
            f'height="{ROW_HEIGHT}" fill="{fill}" stroke="#212121"/>'
        )
        out.append(
            _text(cell_x + cell_w / 2, row_y + ROW_HEIGHT / 2, parts, CELL_SIZE, color=color)
        )
        cell_x += cell_w
    out.append(
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="none" '
        'stroke="#212121" stroke-width="1.5"/>'
    )
    out.append("</g>")
    return out


def _svg_text(graph, layout, rects, clusters, edges, width, height) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" xml:space="preserve" '
        'font-family="Helvetica, Arial, sans-serif">',
        f"<title>{escape(graph.name)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#424242"/>'
        "</marker></defs>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    for cluster in graph.clusters:
        if cluster.key not in clusters:
            continue
        x, y, w, h = clusters[cluster.key]
        lines.append(f'<g class="cluster" id="{escape(cluster.key)}">')
        lines.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="none" '
            'stroke="#616161" stroke-dasharray="6,4"/>'
        )
        lines.append(
            _text(x + 8, y + CLUSTER_LABEL / 2 + 3, [(cluster.label, False)], CELL_SIZE, "start")
        )
        lines.append("</g>")
    for path in edges:
        lines.append(
            f'<g class="edge"><path d="{path}" fill="none" stroke="#424242" '
            'stroke-width="1.6" marker-end="url(#arrow)"/></g>'
        )
    for node in graph.nodes:
        lines.extend(_node_svg(layout.boxes[node.key], rects[node.key]))
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
