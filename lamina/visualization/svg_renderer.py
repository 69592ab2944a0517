"""Draw a :class:`~lamina.visualization.plot_graph.PlotGraph` as SVG, in pure Python.

Used by ``plot_model`` when Graphviz is not installed, so a plot works on any machine.
The layout is a small layered (Sugiyama-style) drawing:

1. ranks by longest path from the inputs; an arrow spanning several ranks gets
   invisible waypoints on the ranks in between;
2. order within each rank by repeated barycentre sweeps (down, then up), keeping the
   order with the fewest crossings, and the boxes of a nested model next to each other;
3. positions across the rank that stay as close as possible to the mean of the connected
   boxes while keeping the order and the gaps (isotonic regression, solved exactly);
4. boxes drawn as Keras draws them (dark title bar, white cells), arrows as smooth
   curves through their waypoints; text is escaped, widths estimated from Helvetica
   metrics.

>>> from lamina.visualization.plot_graph import PlotGraph, PlotNode
>>> graph = PlotGraph("g", [PlotNode("a", ("a", "InputLayer")), PlotNode("b", ("b", "Dense"))],
...                   [("a", "b")])
>>> svg = render_svg(graph)
>>> svg.count('<g class="node"'), svg.count('<g class="edge"')
(2, 1)
"""

from html import escape

TITLE_SIZE = 14
CELL_SIZE = 12
ROW_HEIGHT = 26
PAD_X = 10
NODE_GAP = 30
CLUSTER_PAD = 14
CLUSTER_LABEL = 18
RANK_GAP = 56
MARGIN = 16
DUMMY_BREADTH = 8
SWEEPS = 8


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in Helvetica at ``size`` px (slightly generous)."""
    em = 0.0
    for char in text:
        if char in "il.,:;'!|":
            em += 0.28
        elif char in "()[]{} -tfrjI":
            em += 0.36
        elif char in "mwMW@%":
            em += 0.86
        elif char.isupper() or char in "_#&?":
            em += 0.69
        else:
            em += 0.57
    return em * size * (1.08 if bold else 1.0)


class _Box:
    """A node's size and content in screen units."""

    def __init__(self, node):
        self.node = node
        name, class_name = node.title
        if name is not None:
            self.title = [(name, True), (f" ({class_name})", False)]
        else:
            self.title = [(class_name, True)]
        widths = [sum(text_width(t, TITLE_SIZE, bold) for t, bold in self.title) + 2 * PAD_X]
        self.activation = None
        if node.activation is not None:
            self.activation = [("Activation: ", False), (str(node.activation), True)]
            widths.append(_parts_width(self.activation) + 2 * PAD_X)
        self.cells = [
            ([(label, False), (value, True)] if label else [(value, True)], kind)
            for label, value, kind in node.cells
        ]
        self.cell_widths = [_parts_width(parts) + 2 * PAD_X for parts, _ in self.cells]
        widths.append(sum(self.cell_widths))
        self.width = max(max(widths), 60.0)
        if self.cells:  # stretch the cells to fill the box
            extra = (self.width - sum(self.cell_widths)) / len(self.cells)
            self.cell_widths = [w + extra for w in self.cell_widths]
        rows = 1 + (self.activation is not None) + bool(self.cells)
        self.height = float(rows * ROW_HEIGHT)


def _parts_width(parts) -> float:
    return sum(text_width(text, CELL_SIZE, bold) for text, bold in parts)


def _cluster_path(cluster) -> tuple:
    path = []
    while cluster is not None:
        path.append(cluster.key)
        cluster = cluster.parent
    return tuple(reversed(path))


def _common_prefix(a, b) -> tuple:
    out = []
    for x, y in zip(a, b):
        if x != y:
            break
        out.append(x)
    return tuple(out)


class _Layout:
    """Ranks, order, and positions of real boxes and waypoints (``("dummy", i)`` keys)."""

    def __init__(self, graph, horizontal):
        self.boxes = {node.key: _Box(node) for node in graph.nodes}
        self.order_index = {node.key: i for i, node in enumerate(graph.nodes)}
        self.path = {node.key: _cluster_path(node.cluster) for node in graph.nodes}
        self.horizontal = horizontal
        self.rank = _longest_path_ranks([n.key for n in graph.nodes], graph.edges)
        self.succ = {key: [] for key in self.boxes}
        self.pred = {key: [] for key in self.boxes}
        self.chains = []  # per edge: keys from source to destination, waypoints between
        for source, destination in graph.edges:
            chain = [source]
            common = _common_prefix(self.path[source], self.path[destination])
            for r in range(self.rank[source] + 1, self.rank[destination]):
                dummy = ("dummy", len(self.rank))
                self.rank[dummy] = r
                self.path[dummy] = common
                self.succ[dummy], self.pred[dummy] = [], []
                chain.append(dummy)
            chain.append(destination)
            for a, b in zip(chain, chain[1:]):
                self.succ[a].append(b)
                self.pred[b].append(a)
            self.chains.append(chain)
        count = max(self.rank.values(), default=-1) + 1
        self.ranks = [[] for _ in range(count)]
        for key in sorted(self.rank, key=self._initial_key):
            self.ranks[self.rank[key]].append(key)

    def _initial_key(self, key):
        if key in self.order_index:
            return (self.order_index[key], 0)
        return (len(self.order_index), key[1])

    def breadth(self, key) -> float:
        if key not in self.boxes:
            return DUMMY_BREADTH
        box = self.boxes[key]
        return box.height if self.horizontal else box.width

    def depth(self, key) -> float:
        if key not in self.boxes:
            return 0.0
        box = self.boxes[key]
        return box.width if self.horizontal else box.height


def _longest_path_ranks(keys, edges) -> dict:
    preds = {key: [] for key in keys}
    succs = {key: [] for key in keys}
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    waiting = {key: len(preds[key]) for key in keys}
    ready = [key for key in keys if waiting[key] == 0]
    rank = {}
    while ready:
        key = ready.pop(0)
        rank[key] = max((rank[p] + 1 for p in preds[key]), default=0)
        for s in succs[key]:
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    if len(rank) != len(keys):
        raise ValueError("svg_renderer: the graph has a cycle; a model graph never does.")
    return rank


def _crossings(layout) -> int:
    total = 0
    for upper, lower in zip(layout.ranks, layout.ranks[1:]):
        position = {key: i for i, key in enumerate(lower)}
        pairs = [(i, position[s]) for i, key in enumerate(upper) for s in layout.succ[key]]
        for n, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[n + 1 :]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def _group_by_cluster(keys, layout, score, level=0) -> list:
    """Keep the boxes of one cluster together, groups ordered by their mean score."""
    groups, index = [], {}
    for key in keys:
        path = layout.path[key]
        group_id = path[level] if len(path) > level else ("single", key)
        if group_id not in index:
            index[group_id] = len(groups)
            groups.append([])
        groups[index[group_id]].append(key)
    groups.sort(key=lambda members: sum(score[k] for k in members) / len(members))
    out = []
    for members in groups:
        if len(layout.path[members[0]]) > level:
            out.extend(_group_by_cluster(members, layout, score, level + 1))
        else:
            out.extend(members)
    return out


def _order(layout) -> None:
    best, best_crossings = [list(r) for r in layout.ranks], _crossings(layout)
    for sweep in range(SWEEPS):
        down = sweep % 2 == 0
        indices = range(1, len(layout.ranks)) if down else range(len(layout.ranks) - 2, -1, -1)
        for r in indices:
            neighbours = layout.pred if down else layout.succ
            fixed = layout.ranks[r - 1] if down else layout.ranks[r + 1]
            position = {key: i for i, key in enumerate(fixed)}
            score = {}
            for i, key in enumerate(layout.ranks[r]):
                linked = [position[n] for n in neighbours[key] if n in position]
                score[key] = sum(linked) / len(linked) if linked else i
            ordered = sorted(layout.ranks[r], key=lambda k: score[k])
            layout.ranks[r] = _group_by_cluster(ordered, layout, score)
        crossings = _crossings(layout)
        if crossings < best_crossings:
            best, best_crossings = [list(r) for r in layout.ranks], crossings
    layout.ranks = best


def _separation(layout, a, b) -> float:
    """Minimum distance between the centres of neighbours ``a`` and ``b`` in a rank."""
    common = len(_common_prefix(layout.path[a], layout.path[b]))
    frames = len(layout.path[a]) + len(layout.path[b]) - 2 * common
    gap = NODE_GAP / 2 if a not in layout.boxes and b not in layout.boxes else NODE_GAP
    return (layout.breadth(a) + layout.breadth(b)) / 2 + gap + frames * CLUSTER_PAD


def _closest_ordered(desired, separations) -> list:
    """Positions nearest to ``desired`` (least squares) with x[i+1] - x[i] >= sep[i]."""
    offsets = [0.0]
    for s in separations:
        offsets.append(offsets[-1] + s)
    targets = [d - o for d, o in zip(desired, offsets)]
    blocks = []  # pool adjacent violators: [mean, weight]
    for t in targets:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight = blocks.pop()
            blocks[-1][0] = (blocks[-1][0] * blocks[-1][1] + mean * weight) / (
                blocks[-1][1] + weight
            )
            blocks[-1][1] += weight
    values = [mean for mean, weight in blocks for _ in range(weight)]
    return [v + o for v, o in zip(values, offsets)]


def _place(layout) -> dict:
    centre = {}
    for keys in layout.ranks:
        x = 0.0
        for i, key in enumerate(keys):
            if i:
                x += _separation(layout, keys[i - 1], key)
            centre[key] = x
    for sweep in range(SWEEPS):
        indices = range(len(layout.ranks))
        if sweep % 2:
            indices = reversed(indices)
        for r in indices:
            keys = layout.ranks[r]
            desired = []
            for key in keys:
                if sweep == SWEEPS - 1:
                    linked = layout.pred[key] + layout.succ[key]
                else:
                    linked = layout.pred[key] if sweep % 2 == 0 else layout.succ[key]
                linked = linked or layout.pred[key] + layout.succ[key]
                desired.append(
                    sum(centre[n] for n in linked) / len(linked) if linked else centre[key]
                )
            seps = [_separation(layout, a, b) for a, b in zip(keys, keys[1:])]
            for key, x in zip(keys, _closest_ordered(desired, seps)):
                centre[key] = x
    return centre


def render_svg(graph, rankdir="TB") -> str:
    """SVG text for ``graph`` with arrows going in direction ``rankdir`` (TB/LR/BT/RL)."""
    horizontal = rankdir in ("LR", "RL")
    layout = _Layout(graph, horizontal)
    _order(layout)
    centre = _place(layout)
    depth_of_cluster = max((len(p) for p in layout.path.values()), default=0)
    rank_gap = RANK_GAP + depth_of_cluster * (CLUSTER_PAD + CLUSTER_LABEL)
    rank_start, d = [], 0.0
    for keys in layout.ranks:
        rank_start.append(d)
        d += max((layout.depth(k) for k in keys), default=0.0) + rank_gap
    total_depth = max(d - rank_gap, 0.0)
    low = min((centre[k] - layout.breadth(k) / 2 for k in centre), default=0.0)
    pad = MARGIN + depth_of_cluster * CLUSTER_PAD
    pad_d = MARGIN + depth_of_cluster * (CLUSTER_PAD + CLUSTER_LABEL)
    flip = rankdir in ("BT", "RL")

    def to_screen(b, dd):
        b = b - low + pad
        dd = (total_depth - dd if flip else dd) + pad_d
        return (dd, b) if horizontal else (b, dd)

    rects = {}
    for key in layout.boxes:
        b0 = centre[key] - layout.breadth(key) / 2
        d0 = rank_start[layout.rank[key]]
        x1, y1 = to_screen(b0, d0)
        x2, y2 = to_screen(b0 + layout.breadth(key), d0 + layout.depth(key))
        rects[key] = (min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
    clusters = _cluster_rects(graph, layout, rects)
    edges = [_edge_path(chain, layout, centre, rank_start, to_screen) for chain in layout.chains]
    right = max([x + w for x, y, w, h in list(rects.values()) + list(clusters.values())] or [0])
    bottom = max([y + h for x, y, w, h in list(rects.values()) + list(clusters.values())] or [0])
    return _svg_text(graph, layout, rects, clusters, edges, right + MARGIN, bottom + MARGIN)


def _cluster_rects(graph, layout, rects) -> dict:
    out = {}
    for cluster in sorted(graph.clusters, key=lambda c: -len(_cluster_path(c))):
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


def _edge_path(chain, layout, centre, rank_start, to_screen) -> str:
    source, destination = chain[0], chain[-1]
    out_port = _ports(layout.succ[source], centre, layout.breadth(source))[chain[1]]
    in_port = _ports(layout.pred[destination], centre, layout.breadth(destination))[chain[-2]]
    points = [(centre[source] + out_port, rank_start[layout.rank[source]] + layout.depth(source))]
    for key in chain[1:-1]:
        points.append((centre[key], rank_start[layout.rank[key]]))
    points.append((centre[destination] + in_port, rank_start[layout.rank[destination]] - 2))
    screen = [to_screen(b, d) for b, d in points]
    parts = [f"M{screen[0][0]:.1f},{screen[0][1]:.1f}"]
    for (b0, d0), (b1, d1) in zip(points, points[1:]):
        mid = (d0 + d1) / 2
        c1, c2, end = to_screen(b0, mid), to_screen(b1, mid), to_screen(b1, d1)
        parts.append(
            f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end[0]:.1f},{end[1]:.1f}"
        )
    return " ".join(parts)


def _text(x, y, parts, size, anchor="middle", color="#1a1a1a") -> str:
    spans = "".join(
        f'<tspan font-weight="bold">{escape(t)}</tspan>' if bold else escape(t)
        for t, bold in parts
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
