"""What the summary and the plots read from a model.

The listed layers, the graph nodes (call events) that belong to the model, output shapes,
which outputs carry a mask, connections, and parameter counts with their memory size.
A layer shared by several models has nodes in each of them; only the nodes of the model
being shown are used.

>>> import lamina
>>> x = lamina.Input(shape=(3,), name="x")
>>> model = lamina.Model(x, lamina.layers.Dense(2, name="d")(x))
>>> [layer.name for layer in listed_layers(model)]
['x', 'd']
>>> output_shapes(model.get_layer("d"), model_nodes(model))
['(None, 2)']
"""

import re

import jax.numpy as jnp

from lamina.layers.layer import Layer
from lamina.models.model import Model
from lamina.models.sequential import Sequential


def check_model(model, caller: str) -> None:
    """Raise a clear TypeError unless ``model`` is a lamina ``Model``."""
    if not isinstance(model, Model):
        raise TypeError(
            f"{caller}: expected a lamina Model (functional, Sequential or subclassed), "
            f"received {type(model).__name__}: {model!r}. Wrap a single layer in a model, "
            "e.g. lamina.Sequential([lamina.Input(shape=...), layer])."
        )


def is_nested_model(layer) -> bool:
    return isinstance(layer, Model)


def has_graph(model) -> bool:
    """Whether the model holds a functional graph (functional, or a built Sequential)."""
    return getattr(model, "_function", None) is not None


def listed_layers(model) -> list:
    """The rows of a summary / boxes of a plot, in Keras order.

    Sequential: its layers (no InputLayer). Functional: every operation of the graph,
    InputLayers and plain ops (``ops.add`` on symbolic tensors) included. Subclassed:
    the tracked sublayers.
    """
    if isinstance(model, Sequential) or not has_graph(model):
        return list(model.layers)
    return list(model._function.operations)


def model_nodes(model):
    """Nodes of the model's graph in execution order (input nodes first), or None."""
    if not has_graph(model):
        return None
    function = model._function
    nodes, seen = [], set()
    for x in function.inputs:
        operation, node_index, _ = x._keras_history
        node = operation._inbound_nodes[node_index]
        if id(node) not in seen:
            seen.add(id(node))
            nodes.append(node)
    for node in function.nodes:
        if id(node) not in seen:
            seen.add(id(node))
            nodes.append(node)
    return nodes


def nodes_of(layer, nodes) -> list:
    """The call events of ``layer`` inside ``nodes`` (a model's graph).

    Without a graph (``nodes is None``, subclassed models) the layer's last symbolic
    call is used, if it has one.
    """
    if nodes is None:
        return list(layer._inbound_nodes[-1:])
    ids = {id(node) for node in nodes}
    return [node for node in layer._inbound_nodes if id(node) in ids]


def format_shape(shape) -> str:
    """``(None, 3)``: a shape as Python prints a tuple."""
    return str(tuple(shape))


def _tensors_text(tensors) -> str:
    if not tensors:
        return "-"
    if len(tensors) == 1:
        return format_shape(tensors[0].shape)
    return "[" + ", ".join(format_shape(x.shape) for x in tensors) + "]"


def _distinct(texts) -> list:
    out = []
    for text in texts:
        if text not in out:
            out.append(text)
    return out


def output_shapes(layer, nodes) -> list:
    """Output shape text of each distinct call of ``layer`` (``["?"]`` when unknown)."""
    own = nodes_of(layer, nodes)
    if own:
        return _distinct(_tensors_text(node.output_tensors) for node in own)
    return [_shape_from_build(layer)]


def input_shapes(layer, nodes) -> list:
    """Input shape text of each distinct call of ``layer`` (``["?"]`` when unknown)."""
    own = nodes_of(layer, nodes)
    if own:
        return _distinct(_tensors_text(node.input_tensors) for node in own)
    build = getattr(layer, "_build_shapes", None) or {}
    if "input_shape" in build and build["input_shape"] is not None:
        return [_shape_structure_text(build["input_shape"])]
    return ["?"]


def output_dtypes(layer, nodes) -> list:
    """Output dtype of each distinct call of ``layer`` (``["?"]`` when unknown)."""
    own = nodes_of(layer, nodes)
    texts = []
    for node in own:
        dtypes = [x.dtype for x in node.output_tensors]
        texts.append(dtypes[0] if len(dtypes) == 1 else "[" + ", ".join(dtypes) + "]")
    return _distinct(texts) or ["?"]


def _shape_structure_text(shapes) -> str:
    if isinstance(shapes, (tuple, list)) and all(d is None or isinstance(d, int) for d in shapes):
        return format_shape(shapes)
    if isinstance(shapes, dict):
        return "{" + ", ".join(f"{k}: {_shape_structure_text(v)}" for k, v in shapes.items()) + "}"
    if isinstance(shapes, (tuple, list)):
        return "[" + ", ".join(_shape_structure_text(s) for s in shapes) + "]"
    return "?"


def _shape_from_build(layer) -> str:
    """Output shape of a layer that was built eagerly (no graph node): traced, or ``?``."""
    build = getattr(layer, "_build_shapes", None)
    if not getattr(layer, "built", False) or not build:
        return "?"
    try:
        if set(build) == {"input_shape"}:
            shapes = layer.compute_output_shape(build["input_shape"])
        else:
            shapes = layer.compute_output_shape(**build)
    except Exception:  # noqa: BLE001 - display only: an untraceable layer shows "?"
        return "?"
    return _shape_structure_text(shapes)


def mask_flags(layer, nodes) -> str:
    """``"yes"`` when the layer's output carries a mask, ``""`` when not, ``"?"`` unknown.

    For several outputs, one ``yes``/``no`` per output; for a layer called several
    times with different results, each distinct answer, separated by newlines.
    """
    own = nodes_of(layer, nodes)
    if not own:
        return "?"
    texts = []
    for node in own:
        flags = [x._keras_mask is not None for x in node.output_tensors]
        if not any(flags):
            texts.append("")
        elif len(flags) == 1:
            texts.append("yes")
        else:
            texts.append(", ".join("yes" if flag else "no" for flag in flags))
    return "\n".join(_distinct(texts))


def connections(layer, nodes) -> str:
    """Keras ``Connected to`` text: ``producer[node_index][tensor_index], ...`` or ``-``."""
    parts = []
    for node in nodes_of(layer, nodes):
        for x in node.input_tensors:
            operation, node_index, tensor_index = x._keras_history
            parts.append(f"{operation.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) if parts else "-"


def param_text(layer) -> str:
    """Keras ``Param #`` text: ``1,234``, ``0 (unbuilt)``, or ``0`` for a plain op."""
    if not isinstance(layer, Layer):
        return "0"
    if not layer.built:
        return "0 (unbuilt)"
    return f"{layer.count_params():,}"


def trainable_text(layer) -> str:
    """``Y`` / ``N`` for a layer with weights, ``-`` without."""
    if not isinstance(layer, Layer) or not layer.weights:
        return "-"
    return "Y" if layer.trainable else "N"


def type_name(operation) -> str:
    return type(operation).__name__


def activation_name(layer):
    """Name of a layer's ``activation`` attribute, or None when it has none."""
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    return (
        getattr(activation, "name", None)
        or getattr(activation, "__name__", None)
        or str(activation)
    )


def is_sequential_like(model) -> bool:
    """Keras' test for hiding ``Connected to``: one node per depth, one input each, no sharing."""
    nodes = model_nodes(model)
    if nodes is None or isinstance(model, Sequential):
        return True
    ids = {id(node) for node in nodes}
    consumers = {id(node): [] for node in nodes}
    for node in nodes:
        for parent in node.parent_nodes:
            if id(parent) in ids:
                consumers[id(parent)].append(node)
    depth = {}
    for node in reversed(nodes):
        depth[id(node)] = max((depth[id(c)] + 1 for c in consumers[id(node)]), default=0)
    per_depth = {}
    for node in nodes:
        per_depth.setdefault(depth[id(node)], []).append(node)
        if len(node.input_tensors) > 1:
            return False
    if any(len(group) > 1 for group in per_depth.values()):
        return False
    operations = [id(node.operation) for node in nodes]
    return len(operations) == len(set(operations))


def layer_index_range(layers, layer_range) -> tuple:
    """``(start, stop)`` of the layers between two names/regexes (both inclusive)."""
    if layer_range is None:
        return 0, len(layers)
    if (
        not isinstance(layer_range, (list, tuple))
        or len(layer_range) != 2
        or not all(isinstance(x, str) for x in layer_range)
    ):
        raise ValueError(
            "print_summary: layer_range must be a list or tuple of two strings (first and "
            f"last layer name, or regexes), received {layer_range!r}."
        )
    first = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    last = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not first or not last:
        raise ValueError(
            f"print_summary: layer_range {list(layer_range)} matches no layer name; the "
            f"layers are {[layer.name for layer in layers]}."
        )
    if min(first) > max(last):
        return min(last), max(first) + 1
    return min(first), max(last) + 1


def count_and_bytes(variables) -> tuple:
    """``(number of scalars, bytes)`` of distinct variables."""
    unique = {id(v): v for v in variables}.values()
    count = sum(int(v.size) for v in unique)
    size = sum(int(v.size) * jnp.dtype(v.dtype).itemsize for v in unique)
    return count, size


def readable_bytes(size: float) -> str:
    """``64.00 B``, ``4.82 KB``...: a byte count in units of 1024."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"
