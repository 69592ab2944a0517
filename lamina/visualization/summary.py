"""``print_summary``: the table that ``model.summary()`` prints.

Columns as in Keras 3: ``Layer (type)``, ``Output Shape``, ``Param #``, ``Connected to``
(only for graphs that are not a simple chain), then lamina's ``Mask`` column (``yes``
when the layer's output carries a mask), and ``Trainable`` with ``show_trainable``.
Below the table: total, trainable and non-trainable parameter counts with their size in
memory, and the optimizer's once it is built.

On a terminal (``print_fn=None`` and stdout a tty) the table is drawn by ``rich`` in
colour. Otherwise it is rendered as plain text (no ANSI codes) and handed to
``print_fn`` (default ``print``) one line at a time. Unlike Keras, no cell is cut with an
ellipsis: long text wraps inside its column.

>>> import lamina
>>> model = lamina.Sequential(
...     [lamina.Input(shape=(3,)), lamina.layers.Dense(2, name="out")], name="tiny"
... )
>>> print_summary(model, print_fn=print, line_length=64)
Model: "tiny"
┏━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━┓
┃ Layer (type)          ┃ Output Shape      ┃   Param # ┃ Mask ┃
┡━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━┩
│ out (Dense)           │ (None, 2)         │         8 │      │
└───────────────────────┴───────────────────┴───────────┴──────┘
 Total params: 8 (32.00 B)
 Trainable params: 8 (32.00 B)
 Non-trainable params: 0 (0.00 B)
"""

import io
import shutil
import sys

import rich.box
import rich.console
import rich.table
import rich.text

from lamina.visualization import model_info

_MASK_WIDTH = 4  # content width of the Mask column ("Mask", "yes")
_TRAINABLE_WIDTH = 9  # content width of the Trainable column ("Trainable")


def print_summary(
    model,
    line_length=None,
    positions=None,
    print_fn=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
):
    """Print a summary of ``model``: one row per layer, then parameter totals.

    Args:
        model: a lamina ``Model`` (functional, ``Sequential`` or subclassed).
        line_length: total width of the table in characters (default: 95 for chains of
            layers, 115 with ``Connected to``, plus 12 with ``show_trainable``; on a
            terminal, at most its width).
        positions: right edges of the Keras columns (``Layer``, ``Output Shape``,
            ``Param #`` [, ``Connected to``]) as fractions of the width shared by them,
            e.g. ``[0.45, 0.8, 1.0]``; or of every column, ``Mask`` and ``Trainable``
            included. Values above 1 are character positions.
        print_fn: called with each line of plain text (default: ``print``, or a rich
            coloured table when stdout is a terminal).
        expand_nested: also list the layers of nested models, indented.
        show_trainable: add a column saying whether each layer is trainable.
        layer_range: two layer names (or regexes), first and last row to show.

    >>> import lamina
    >>> model = lamina.Sequential([lamina.Input(shape=(3,)), lamina.layers.Dense(2)], name="m")
    >>> lines = []
    >>> print_summary(model, print_fn=lines.append, show_trainable=True)
    >>> lines[0], lines[-3]
    ('Model: "m"', ' Total params: 8 (32.00 B)')
    """
    model_info.check_model(model, "print_summary")
    interactive = print_fn is None and _stdout_is_terminal()
    sequential_like = model_info.is_sequential_like(model)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    justify = ["left", "left", "right"]
    core_positions = [0.45, 0.80, 1.0]
    default_length = 88
    if not sequential_like:
        headers.append("Connected to")
        justify.append("left")
        core_positions = [0.3, 0.56, 0.74, 1.0]
        default_length = 108
    headers.append("Mask")
    justify.append("center")
    default_length += _MASK_WIDTH + 3
    if show_trainable:
        headers.append("Trainable")
        justify.append("center")
        default_length += _TRAINABLE_WIDTH + 3
    if line_length is None and positions is not None and max(positions) > 1:
        line_length = int(max(positions))
    if line_length is None:
        line_length = default_length
        if interactive:
            line_length = min(line_length, max(shutil.get_terminal_size().columns - 4, 60))
    widths = _column_widths(headers, line_length, positions, core_positions, len(core_positions))
    table = rich.table.Table(
        *[
            rich.table.Column(header, justify=just, width=width, overflow="fold")
            for header, just, width in zip(headers, justify, widths)
        ],
        show_lines=True,
        box=rich.box.HEAVY_HEAD if _can_encode_box_chars(print_fn) else rich.box.ASCII2,
        header_style="bold" if interactive else "",
    )
    layers = model_info.listed_layers(model)
    start, stop = model_info.layer_index_range(layers, layer_range)
    nodes = model_info.model_nodes(model)
    for layer in layers[start:stop]:
        for row in _rows(layer, nodes, 0, sequential_like, show_trainable, expand_nested):
            table.add_row(*row)
    lines = [_title(model), table, *_totals(model)]
    if not model.built:
        lines.append(_unbuilt_note(model))
    _emit(lines, interactive, print_fn, line_length)


def _stdout_is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # closed stream
        return False


def _column_widths(headers, line_length, positions, core_positions, core_count) -> list:
    """Content width of each column so the table is exactly ``line_length`` wide."""
    count = len(headers)
    content = line_length - 3 * count - 1  # one space of padding each side + borders
    if positions is not None:
        positions = [float(p) for p in positions]
        if max(positions) > 1:
            positions = [p / line_length for p in positions]
        if len(positions) not in (core_count, count):
            raise ValueError(
                f"print_summary: positions needs {core_count} entries (right edges of "
                f"{headers[:core_count]}) or {count} (every column: {headers}), received "
                f"{len(positions)}: {positions}."
            )
        if any(b <= a for a, b in zip(positions, positions[1:])):
            raise ValueError(f"print_summary: positions must increase, received {positions}.")
    if positions is not None and len(positions) == count:
        shared, edges = content, positions
    else:
        fixed = [_MASK_WIDTH if h == "Mask" else _TRAINABLE_WIDTH for h in headers[core_count:]]
        shared, edges = content - sum(fixed), positions or core_positions
    widths, previous = [], 0
    for edge in edges:
        right = round(edge / edges[-1] * shared)
        widths.append(right - previous)
        previous = right
    if positions is None or len(positions) != count:
        widths += fixed
    if min(widths) < 4:
        narrow = headers[widths.index(min(widths))]
        raise ValueError(
            f"print_summary: line_length={line_length} is too narrow for {count} columns "
            f"({headers}): column {narrow!r} would be {min(widths)} characters wide (at least "
            "4 needed). Pass a larger line_length or other positions."
        )
    return widths


def _rows(layer, nodes, level, sequential_like, show_trainable, expand_nested) -> list:
    prefix = "   " * level + "└ " if level else ""
    name = rich.text.Text(f"{prefix}{layer.name} (")
    name.append(model_info.type_name(layer), style="color(33)")
    name.append(")")
    params = model_info.param_text(layer)
    row = [
        name,
        rich.text.Text("\n".join(model_info.output_shapes(layer, nodes))),
        rich.text.Text(params, style="color(34)"),
    ]
    if not sequential_like:
        row.append(rich.text.Text(model_info.connections(layer, nodes)))
    row.append(rich.text.Text(model_info.mask_flags(layer, nodes), style="color(214)"))
    if show_trainable:
        flag = model_info.trainable_text(layer)
        style = {"Y": "bold color(34)", "N": "bold color(9)"}.get(flag, "bold")
        row.append(rich.text.Text(flag, style=style))
    rows = [row]
    if expand_nested and model_info.is_nested_model(layer):
        inner_nodes = model_info.model_nodes(layer)
        for inner in model_info.listed_layers(layer):
            rows.extend(_rows(inner, inner_nodes, level + 1, sequential_like, show_trainable, True))
    return rows


def _title(model):
    title = rich.text.Text("Model: ", style="bold")
    title.append(f'"{model.name}"', style="bold")
    return title


def _totals(model) -> list:
    trainable, trainable_bytes = model_info.count_and_bytes(model.trainable_weights)
    frozen, frozen_bytes = model_info.count_and_bytes(model.non_trainable_weights)
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = (
        getattr(model, "compiled", False)
        and optimizer is not None
        and getattr(optimizer, "built", False)
    )
    opt_count, opt_bytes = (
        model_info.count_and_bytes(getattr(optimizer, "variables", []))
        if optimizer_built
        else (0, 0)
    )
    total_bytes = trainable_bytes + frozen_bytes + opt_bytes
    entries = [
        ("Total params", trainable + frozen + opt_count, total_bytes),
        ("Trainable params", trainable, trainable_bytes),
        ("Non-trainable params", frozen, frozen_bytes),
    ]
    if optimizer_built:
        entries.append(("Optimizer params", opt_count, opt_bytes))
    lines = []
    for label, count, size in entries:
        line = rich.text.Text()
        line.append(f" {label}: ", style="bold")
        line.append(f"{count:,}", style="color(34)")
        line.append(f" ({model_info.readable_bytes(size)})")
        lines.append(line)
    return lines


def _unbuilt_note(model):
    return rich.text.Text(
        f"Note: model '{model.name}' is not built yet, so its output shapes are unknown ('?') "
        "and unbuilt layers have no weights. Call it on a batch of data or call "
        "model.build(input_shape) first.",
        style="italic",
    )


def _emit(renderables, interactive, print_fn, line_length) -> None:
    if interactive:
        console = rich.console.Console(highlight=False, emoji=False)
        for renderable in renderables:
            console.print(renderable)
        return
    buffer = io.StringIO()
    console = rich.console.Console(
        file=buffer,
        width=line_length,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    print_fn = print_fn or print
    for line in buffer.getvalue().splitlines():
        print_fn(line.rstrip())


def _can_encode_box_chars(print_fn) -> bool:
    """Box-drawing characters are safe for a custom ``print_fn`` or a UTF-capable stdout."""
    if print_fn is not None:
        return True
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "┏━┃│└".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
