"""Graph-network behaviour of a ``Model`` built as ``Model(inputs, outputs)``.

A functional model is a ``Model`` that holds a ``lamina.ops.Function`` (composition, no
class magic). These helpers set it up and run it with masks travelling next to tensors.
"""

import jax.numpy as jnp

from lamina.core.keras_tensor import KerasTensor
from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.ops.function import Function
from lamina.ops.operation import MaskInfo
from lamina.utils import tree


def init_graph(model, inputs, outputs) -> None:
    """Attach the graph from ``inputs`` to ``outputs`` to ``model``."""
    function = Function(inputs, outputs, name=model.name)
    model._function = function
    model._inputs_structure = inputs
    model._outputs_structure = outputs
    model.built = True
    model._build_shapes = {"input_shape": tree.map_structure(lambda x: x.shape, inputs)}


def graph_layers(function: Function) -> list:
    """Layers of the graph in topological order (plain ops are not layers)."""
    return [op for op in function.operations if isinstance(op, Layer)]


def output_names(model) -> list:
    """Keras output names: dict keys, else the names of the layers making the outputs."""
    structure = model._outputs_structure
    if isinstance(structure, dict):
        return sorted(structure)
    names = []
    for x in tree.flatten(structure):
        name = x._keras_history[0].name
        names.append(name if name not in names else f"{name}_{len(names)}")
    return names


def _standardize(value, spec: KerasTensor, model_name: str):
    """Check a value against its Input: rank, known dims, dtype (cast when needed)."""
    if not hasattr(value, "shape"):
        value = jnp.asarray(value)
    shape = tuple(value.shape)
    expected = spec.shape
    if len(shape) == len(expected) - 1 and expected[-1] == 1:
        value = value[..., None]
        shape = tuple(value.shape)
    compatible = len(shape) == len(expected) and all(
        e is None or s is None or e == s for e, s in zip(expected, shape)
    )
    if not compatible:
        raise ValueError(
            f"Input '{spec.name}' of model '{model_name}' expects shape {expected}, received an "
            f"array of shape {shape}. Reshape the data or change the Input's shape."
        )
    dtype = getattr(value, "dtype", None)
    if dtype is not None and str(dtype) != spec.dtype and not isinstance(value, KerasTensor):
        value = jnp.asarray(value).astype(spec.dtype)
    return value


def run_graph(model, inputs, input_masks=None):
    """Run the graph on values; returns ``(outputs, raw_output_masks)``."""
    function = model._function
    if isinstance(inputs, dict) and not isinstance(model._inputs_structure, dict):
        if len(function.inputs) == 1 and function.inputs[0].name not in inputs:
            raise ValueError(
                f"Model '{model.name}': received a dict with keys {sorted(inputs)}, but the "
                f"model's input is named '{function.inputs[0].name}'."
            )
        values = [inputs[x.name] if x.name in inputs else None for x in function.inputs]
        _check_keys(model, inputs, [x.name for x in function.inputs])
    elif isinstance(inputs, dict):
        _check_keys(model, inputs, list(model._inputs_structure))
        values = tree.flatten({k: inputs[k] for k in model._inputs_structure})
    else:
        values = tree.flatten(inputs) if tree.is_nested(inputs) else [inputs]
    if len(values) != len(function.inputs):
        raise ValueError(
            f"Model '{model.name}' expects {len(function.inputs)} input(s) "
            f"{[x.name for x in function.inputs]}, received {len(values)}."
        )
    values = [_standardize(v, spec, model.name) for v, spec in zip(values, function.inputs)]
    masks = None
    if input_masks is not None:
        flat = tree.flatten(input_masks) if tree.is_nested(input_masks) else [input_masks]
        if len(flat) == len(values):
            masks = [MaskInfo.wrap(m) for m in flat]
    outputs, output_masks = function.run(values, input_masks=masks)
    return outputs, tree.map_structure(MaskInfo.unwrap, output_masks)


def _check_keys(model, inputs, expected):
    missing = [k for k in expected if k not in inputs]
    extra = [k for k in inputs if k not in expected]
    if missing:
        raise ValueError(
            f"Model '{model.name}': missing input key(s) {missing}; expected {expected}, "
            f"received {sorted(inputs)}."
        )
    if extra:
        raise ValueError(
            f"Model '{model.name}': unexpected input key(s) {extra}; the model's inputs are "
            f"{expected}. Remove them or add matching Input layers."
        )


def input_layers(function: Function) -> list:
    return [
        x._keras_history[0] for x in function.inputs if isinstance(x._keras_history[0], InputLayer)
    ]
