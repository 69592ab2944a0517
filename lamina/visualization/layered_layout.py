"""A layered (Sugiyama-style) layout of a :class:`~lamina.visualization.plot_graph.PlotGraph`.

Pure Python, used by ``svg_renderer``:

1. ranks by longest path from the inputs; an arrow spanning several ranks gets
   invisible waypoints (``("dummy", i)`` keys) on the ranks in between;
2. order within each rank by repeated barycentre sweeps (down, then up), keeping the
   order with the fewest crossings, and the boxes of a nested model next to each other;
3. positions across the rank as close as possible to the mean of the connected boxes
   while keeping the order and the gaps (isotonic regression, solved exactly by pool
   adjacent violators).

Coordinates are abstract: ``breadth`` runs along a rank, ``depth`` across ranks; the
renderer maps them to x/y for the ``rankdir``.

>>> from lamina.visualization.plot_graph import PlotGraph, PlotNode
>>> graph = PlotGraph("g", [PlotNode("a", ("a", "Dense")), PlotNode("b", ("b", "Dense"))],
...                   [("a", "b")])
>>> layout = compute_layout(graph, horizontal=False)
>>> layout.ranks, layout.centre["a"] == layout.centre["b"]
([['a'], ['b']], True)
"""

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
    """Estimated width of ``text`` at ``size`` px: Helvetica metrics plus 10% (DejaVu Sans,
    a common fallback font, is wider)."""
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
    return em * size * (1.18 if bold else 1.1)


class Box:
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


def cluster_path(cluster) -> tuple:
    path = []
    while cluster is not None:
        path.append(cluster.key)
        cluster = cluster.parent
    return tuple(reversed(path))


def common_prefix(a, b) -> tuple:
    out = []
    for x, y in zip(a, b):
        if x != y:
            break
        out.append(x)
    return tuple(out)


class Layout:
    """Ranks, order, and positions of real boxes and waypoints (``("dummy", i)`` keys)."""

    def __init__(self, graph, horizontal):
        self.boxes = {node.key: Box(node) for node in graph.nodes}
        self.order_index = {node.key: i for i, node in enumerate(graph.nodes)}
        self.path = {node.key: cluster_path(node.cluster) for node in graph.nodes}
        self.horizontal = horizontal
        self.centre = {}  # filled by compute_layout
        self.rank = _longest_path_ranks([n.key for n in graph.nodes], graph.edges)
        self.succ = {key: [] for key in self.boxes}
        self.pred = {key: [] for key in self.boxes}
        self.chains = []  # per edge: keys from source to destination, waypoints between
        for source, destination in graph.edges:
            chain = [source]
            common = common_prefix(self.path[source], self.path[destination])
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
    common = len(common_prefix(layout.path[a], layout.path[b]))
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


def compute_layout(graph, horizontal: bool) -> Layout:
    """Ranks, order within ranks and centres (``layout.centre``) of every box and waypoint."""
    layout = Layout(graph, horizontal)
    _order(layout)
    layout.centre = _place(layout)
    return layout
