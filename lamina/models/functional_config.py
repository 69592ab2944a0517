"""Keras 3 config schema of a functional model: layers, inbound nodes, input/output refs.

Each layer entry carries its serialized config plus ``inbound_nodes``: the call events
inside this model, whose tensor arguments are written as ``__keras_tensor__`` records
``[layer_name, node_index, tensor_index]``. ``node_index`` counts only the nodes of that
layer that belong to this model, so shared layers and nested models round-trip.
Plain ops recorded in the graph (``x + y``, ``ops.relu(x)``) are written as
``__operation__`` entries naming a public ``lamina.ops`` function; nothing else is
looked up, and no code is ever read from a config.
"""

from lamina import ops as ops_module
from lamina._registry import SerializationError, deserialize_keras_object, serialize_keras_object
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.ops.operation import FunctionOp
from lamina.utils import tree
from lamina.utils.naming import to_snake_case


def _model_nodes(model):
    """For each operation: the list of its nodes that belong to this model's graph."""
    in_graph = set(id(n) for n in model._function.nodes)
    for x in model._function.inputs:
        op, index, _ = x._keras_history
        in_graph.add(id(op._inbound_nodes[index]))
    result = {}
    for op in model._function.operations:
        result[id(op)] = [n for n in op._inbound_nodes if id(n) in in_graph]
    return result


def _tensor_ref(x, node_positions):
    op, node_index, tensor_index = x._keras_history
    node = op._inbound_nodes[node_index]
    return {
        "class_name": "__keras_tensor__",
        "config": {
            "shape": list(x.shape),
            "dtype": x.dtype,
            "keras_history": [op.name, node_positions[id(node)], tensor_index],
        },
    }


def _serialize_arg(value, node_positions):
    if isinstance(value, KerasTensor):
        return _tensor_ref(value, node_positions)
    if isinstance(value, (list, tuple)):
        return [_serialize_arg(v, node_positions) for v in value]
    if isinstance(value, dict):
        return {k: _serialize_arg(v, node_positions) for k, v in value.items()}
    return serialize_keras_object(value)


def _serialize_op(op):
    if isinstance(op, Layer):
        return serialize_keras_object(op)
    if isinstance(op, FunctionOp):
        name = getattr(op, "public_name", op.fn.__name__)
        public = getattr(ops_module, name, None)
        if public is None or getattr(public, "eager", None) is not op.fn:
            raise SerializationError(
                f"Cannot serialize graph op '{op.name}': it is not a public lamina.ops "
                "function. Wrap the computation in a registered Layer subclass."
            )
        return {
            "module": "lamina.ops",
            "class_name": "__operation__",
            "config": {"function": name},
            "registered_name": None,
        }
    raise SerializationError(
        f"Cannot serialize operation {op!r} of type {type(op).__name__} in a functional model."
    )


def functional_config(model) -> dict:
    """The Keras 3 functional config of ``model``."""
    nodes_by_op = _model_nodes(model)
    node_positions = {}
    for nodes in nodes_by_op.values():
        for position, node in enumerate(nodes):
            node_positions[id(node)] = position
    layers = []
    for op in model._function.operations:
        entry = _serialize_op(op)
        entry["name"] = op.name
        entry["inbound_nodes"] = [
            {
                "args": _serialize_arg(list(node.call_args), node_positions),
                "kwargs": _serialize_arg(node.call_kwargs, node_positions),
            }
            for node in nodes_by_op[id(op)]
            if not node.is_input
        ]
        layers.append(entry)

    def refs(structure):
        return tree.map_structure(
            lambda x: _tensor_ref(x, node_positions)["config"]["keras_history"], structure
        )

    config = {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": _refs_structure(model._inputs_structure, refs),
        "output_layers": _refs_structure(model._outputs_structure, refs),
    }
    return config


def _refs_structure(structure, refs):
    if isinstance(structure, KerasTensor):
        return refs(structure)
    if isinstance(structure, dict):
        return {k: refs(v) for k, v in structure.items()}
    return [refs(x) for x in structure]


def _is_ref(value):
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and all(isinstance(v, int) for v in value[1:])
    )


def functional_from_config(cls, config, custom_objects=None):
    """Rebuild a functional model (layers created once, nodes replayed in order)."""
    if not isinstance(config.get("layers"), list):
        raise SerializationError("Functional config: 'layers' must be a list.")
    created = {}
    for entry in config["layers"]:
        name = entry.get("name") or entry.get("config", {}).get("name")
        if entry.get("class_name") == "__operation__":
            function = entry.get("config", {}).get("function", "")
            public = getattr(ops_module, function, None)
            if public is None or not hasattr(public, "eager"):
                raise SerializationError(
                    f"Functional config: unknown lamina.ops function {function!r}."
                )
            created[name] = ("op", public)
        elif _is_keras_op_record(entry):
            created[name] = ("op", _keras_op(entry))
        else:
            created[name] = (
                "layer",
                deserialize_keras_object(
                    {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")},
                    custom_objects=custom_objects,
                    kind="layer",
                ),
            )
    outputs_by_ref = {}
    for entry in config["layers"]:
        name = entry.get("name") or entry.get("config", {}).get("name")
        kind, obj = created[name]
        if kind == "layer" and isinstance(obj, InputLayer):
            outputs_by_ref[(name, 0)] = [obj.output]
    pending = [
        (entry.get("name") or entry["config"]["name"], i, node)
        for entry in config["layers"]
        for i, node in enumerate(entry.get("inbound_nodes", []))
    ]
    while pending:
        progressed = False
        remaining = []
        for name, index, node in pending:
            try:
                args = _resolve(node.get("args", []), outputs_by_ref, custom_objects)
                kwargs = _resolve(node.get("kwargs", {}), outputs_by_ref, custom_objects)
            except KeyError:
                remaining.append((name, index, node))
                continue
            kind, obj = created[name]
            outputs = obj(*args, **kwargs)
            outputs_by_ref[(name, index)] = tree.flatten(outputs)
            progressed = True
        if not progressed:
            missing = ", ".join(sorted({n for n, _, _ in remaining}))
            raise SerializationError(
                f"Functional config: cannot connect layer(s) {missing}: their inputs are never "
                "produced."
            )
        pending = remaining

    def lookup(ref):
        name, node_index, tensor_index = ref
        try:
            return outputs_by_ref[(name, node_index)][tensor_index]
        except (KeyError, IndexError):
            raise SerializationError(
                f"Functional config: unknown tensor reference {ref}."
            ) from None

    inputs = _from_refs(config["input_layers"], lookup)
    outputs = _from_refs(config["output_layers"], lookup)
    return cls(
        inputs=inputs,
        outputs=outputs,
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )


def _is_keras_op_record(entry):
    """A plain op written by Keras 3 (``module`` ``keras.src.ops.numpy``, class ``Add``)."""
    module = str(entry.get("module") or "")
    return module.startswith(("keras.src.ops.", "keras.ops"))


def _keras_op(entry):
    """The public lamina.ops function for a Keras op record, with the op's constructor
    arguments (``axis=1`` of ``Sum``...) bound; only public ops are ever looked up."""
    class_name = str(entry.get("class_name", ""))
    function = to_snake_case(class_name)
    public = getattr(ops_module, function, None)
    if public is None or not hasattr(public, "eager"):
        raise SerializationError(
            f"Functional config: the Keras op {class_name!r} (module {entry.get('module')!r}) "
            f"has no lamina.ops counterpart {function!r}."
        )
    bound = {k: v for k, v in (entry.get("config") or {}).items() if k != "name"}

    def call(*args, **kwargs):
        if function == "get_item" and len(args) == 2 and isinstance(args[1], list):
            args = (args[0], tuple(args[1]))  # JSON wrote the index tuple as a list
        try:
            return public(*args, **{**bound, **kwargs})
        except TypeError as error:
            raise SerializationError(
                f"Functional config: cannot replay the Keras op {class_name!r} as "
                f"lamina.ops.{function} with arguments {sorted({**bound, **kwargs})}: {error}"
            ) from None

    return call


def _from_refs(structure, lookup):
    if _is_ref(structure):
        return lookup(structure)
    if isinstance(structure, dict):
        return {k: lookup(v) for k, v in structure.items()}
    values = [lookup(r) for r in structure]
    return values


def _resolve(value, outputs_by_ref, custom_objects):
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        name, node_index, tensor_index = value["config"]["keras_history"]
        return outputs_by_ref[(name, node_index)][tensor_index]
    if isinstance(value, list):
        return [_resolve(v, outputs_by_ref, custom_objects) for v in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _resolve(v, outputs_by_ref, custom_objects) for k, v in value.items()}
    return deserialize_keras_object(value, custom_objects=custom_objects)
