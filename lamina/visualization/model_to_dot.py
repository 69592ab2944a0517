"""``model_to_dot``: a model's graph as Graphviz DOT text, with no dependency.

Keras 3 returns a ``pydot.Dot``; lamina returns the DOT source as a ``str`` (what
``str(dot)`` gives in Keras), so it needs neither pydot nor Graphviz. Render it with
:func:`lamina.utils.plot_model`, or with ``dot -Tpng`` yourself. Boxes use Graphviz
HTML-like labels in Keras' style (black title bar, white cells); every piece of user text
(layer names, shapes) is escaped.

>>> import lamina
>>> x = lamina.Input(shape=(3,), name="x")
>>> model = lamina.Model(x, lamina.layers.Dense(2, name="d")(x), name="tiny")
>>> text = model_to_dot(model)
>>> text.splitlines()[0], text.count("->")
('digraph "tiny" {', 1)
"""

import html

from lamina.visualization.plot_graph import build_plot_graph

RANKDIRS = ("TB", "LR", "BT", "RL")
_SPLINES = ("ortho", "curved", "polyline", "spline", "line", "true", "false", "none")


def model_to_dot(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    subgraph=False,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
) -> str:
    """DOT text drawing ``model``: one box per layer, an arrow per connection.

    Args:
        model: a built lamina ``Model``.
        show_shapes: add input and output shapes to each box.
        show_dtype: add the output dtype to each box.
        show_layer_names: title boxes with ``name (Class)`` instead of ``Class``.
        rankdir: ``"TB"`` (top to bottom), ``"LR"``, ``"BT"`` or ``"RL"``.
        expand_nested: draw nested functional/Sequential models as dashed clusters of
            their own boxes.
        dpi: resolution of raster images rendered from the text.
        subgraph: return a ``subgraph cluster_...`` block (to embed in another graph)
            instead of a whole ``digraph``.
        show_layer_activations: add the ``activation`` of layers that have one.
        show_trainable: mark layers with weights as trainable or not.
        splines: Graphviz edge style (``"ortho"``, ``"curved"``, ``"polyline"``,
            ``"spline"``, ``"line"``...).

    >>> import lamina
    >>> model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)])
    >>> "Output shape: <b>(None, 2)</b>" in model_to_dot(model, show_shapes=True)
    True
    """
    _check_options(rankdir, dpi, splines, kwargs)
    graph = build_plot_graph(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        expand_nested=expand_nested,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
    )
    body = _body(graph, indent="  ")
    if subgraph:
        head = [
            f"subgraph {_quote('cluster_' + graph.name)} {{",
            f'  graph [style="dashed", label=<{_escape(graph.name)}>, labeljust="l"];',
        ]
        return "\n".join(head + body + ["}"]) + "\n"
    head = [
        f"digraph {_quote(graph.name)} {{",
        f'  graph [rankdir="{rankdir}", concentrate=true, dpi={_number(dpi)}, '
        f'splines="{splines}"];',
        '  node [shape="plaintext", fontname="Helvetica", margin="0"];',
        '  edge [penwidth="2"];',
    ]
    return "\n".join(head + body + ["}"]) + "\n"


def _check_options(rankdir, dpi, splines, kwargs) -> None:
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError(
            "model_to_dot: layer_range is not supported (as in Keras 3); plot the whole "
            "model, or build a sub-model of the layers to draw."
        )
    if kwargs:
        raise TypeError(f"model_to_dot: unexpected keyword argument(s) {sorted(kwargs)}.")
    if rankdir not in RANKDIRS:
        raise ValueError(f"model_to_dot: rankdir must be one of {RANKDIRS}, received {rankdir!r}.")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi <= 0:
        raise ValueError(f"model_to_dot: dpi must be a positive number, received {dpi!r}.")
    if splines not in _SPLINES:
        raise ValueError(f"model_to_dot: splines must be one of {_SPLINES}, received {splines!r}.")


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(float(value))


def _escape(text) -> str:
    """Escape text for a Graphviz HTML-like label."""
    return html.escape(str(text), quote=True).replace("\n", "<br/>")


def _quote(text) -> str:
    """A DOT double-quoted ID."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(graph, indent) -> list:
    lines = []
    by_cluster = {}
    for node in graph.nodes:
        by_cluster.setdefault(id(node.cluster) if node.cluster else None, []).append(node)
    children = {}
    for cluster in graph.clusters:
        parent = id(cluster.parent) if cluster.parent else None
        children.setdefault(parent, []).append(cluster)

    def emit(cluster_id, depth):
        pad = indent * depth
        for node in by_cluster.get(cluster_id, []):
            lines.append(f"{pad}{_quote(node.key)} [label=<{_label(node)}>];")
        for cluster in children.get(cluster_id, []):
            lines.append(f"{pad}subgraph {_quote(cluster.key)} {{")
            lines.append(
                f'{pad}{indent}graph [style="dashed", label=<{_escape(cluster.label)}>, '
                'labeljust="l"];'
            )
            emit(id(cluster), depth + 1)
            lines.append(f"{pad}}}")

    emit(None, 1)
    for source, destination in graph.edges:
        lines.append(f"{indent}{_quote(source)} -> {_quote(destination)};")
    return lines


def _label(node) -> str:
    """A Keras-style HTML table: title bar, optional activation row, a row of cells."""
    span = max(1, len(node.cells))
    name, class_name = node.title
    if name is not None:
        title = f"<b>{_escape(name)}</b> ({_escape(class_name)})"
    else:
        title = f"<b>{_escape(class_name)}</b>"
    rows = [
        f'<tr><td colspan="{span}" bgcolor="black">'
        f'<font point-size="16" color="white">{title}</font></td></tr>'
    ]
    if node.activation is not None:
        rows.append(
            f'<tr><td colspan="{span}" bgcolor="white"><font point-size="14">'
            f"Activation: <b>{_escape(node.activation)}</b></font></td></tr>"
        )
    cells = []
    for label, value, kind in node.cells:
        if kind == "plain":
            cells.append(
                f'<td bgcolor="white"><font point-size="14">{_escape(label)}'
                f"<b>{_escape(value)}</b></font></td>"
            )
        else:
            color = "forestgreen" if kind == "trainable" else "firebrick"
            cells.append(
                f'<td bgcolor="{color}"><font point-size="14" color="white">'
                f"<b>{_escape(value)}</b></font></td>"
            )
    if cells:
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="0" cellborder="1" cellspacing="0" cellpadding="10" bgcolor="black">'
        + "".join(rows)
        + "</table>"
    )
