"""``Function``: a graph of call events between symbolic inputs and outputs, and its executor.

The executor walks the nodes in topological order with a map ``id(KerasTensor) ->
(value, mask)``, so masks travel next to the tensors they belong to and are handed to
each operation explicitly (never through attributes of arrays).
"""

from lamina.core.keras_tensor import KerasTensor
from lamina.ops.operation import MaskInfo, Operation, flatten_output_masks
from lamina.utils import tree


class GraphError(ValueError):
    """The outputs of a functional graph cannot be computed from its inputs."""


def _producing_node(x: KerasTensor):
    operation, node_index, _ = x._keras_history
    return operation._inbound_nodes[node_index]


def _check_symbolic(structure, what):
    for x in tree.flatten(structure):
        if not isinstance(x, KerasTensor):
            raise TypeError(
                f"Functional model {what} must be symbolic tensors from lamina.Input(...) or "
                f"layer calls on them; received {type(x).__name__}: {x!r}."
            )
        if x._keras_history is None:
            raise GraphError(
                f"Functional model {what}: tensor {x.name} has no history. Create inputs with "
                "lamina.Input(...)."
            )


def map_graph(inputs, outputs):
    """``(nodes, operations)`` between ``inputs`` and ``outputs``.

    ``nodes`` are in a valid execution order. ``operations`` follow Keras: grouped by
    depth from the inputs (deepest first), and within a depth by first visit from the
    outputs; this order defines ``model.layers`` and so the order of ``get_weights``.
    """
    input_ids = {id(x) for x in inputs}
    post_order, state, first_visit = [], {}, {}

    def visit(x, consumer):
        if x._keras_history is None:
            raise GraphError(
                f"Graph disconnected: tensor {x.name} (input of layer "
                f"'{consumer.operation.name}') does not come from the model's inputs."
            )
        node = _producing_node(x)
        status = state.get(id(node))
        if status == "done":
            return
        if status == "active":
            raise GraphError(f"The graph has a cycle through layer '{node.operation.name}'.")
        first_visit.setdefault(id(node.operation), len(first_visit))
        state[id(node)] = "active"
        if id(x) not in input_ids:
            if node.is_input:
                raise GraphError(
                    f"Graph disconnected: cannot obtain the value of input tensor {x.name} "
                    f"needed by layer '{consumer.operation.name if consumer else '?'}'. Pass it "
                    "in the model's inputs."
                )
            for parent_tensor in node.input_tensors:
                visit(parent_tensor, node)
        state[id(node)] = "done"
        post_order.append((node, id(x) in input_ids))

    for x in outputs:
        visit(x, None)
    for x in inputs:  # inputs not connected to any output still belong to the model
        if x._keras_history is not None and id(_producing_node(x)) not in state:
            node = _producing_node(x)
            first_visit.setdefault(id(node.operation), -1)
            state[id(node)] = "done"
            post_order.append((node, True))

    node_depth, op_depth = {}, {}
    for node, _ in reversed(post_order):
        depth = max(node_depth.get(id(node), 0), op_depth.get(id(node.operation), 0))
        op_depth[id(node.operation)] = depth
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    operations, seen = [], set()
    for node, _ in post_order:
        if id(node.operation) not in seen:
            seen.add(id(node.operation))
            operations.append(node.operation)
    operations.sort(key=lambda op: (-op_depth[id(op)], first_visit[id(op)]))
    nodes = [node for node, is_model_input in post_order if not is_model_input]
    return nodes, operations


class Function(Operation):
    """Composes the call events between ``inputs`` and ``outputs`` into one callable."""

    def __init__(self, inputs, outputs, name=None):
        _check_symbolic(inputs, "inputs")
        _check_symbolic(outputs, "outputs")
        super().__init__(name=name)
        self.inputs_structure = inputs
        self.outputs_structure = outputs
        self.inputs = tree.flatten(inputs)
        self.outputs = tree.flatten(outputs)
        self.nodes, self.operations = map_graph(self.inputs, self.outputs)

    def call(self, inputs):
        return self.run(inputs)[0]

    def run(self, inputs, input_masks=None):
        """Compute ``(outputs, output_masks)``; ``input_masks`` mirrors the inputs."""
        values = tree.flatten(inputs) if not isinstance(inputs, dict) else None
        if values is None:
            values = self._flatten_dict_inputs(inputs)
        if len(values) != len(self.inputs):
            raise ValueError(
                f"{self.name}: expected {len(self.inputs)} input(s), received {len(values)}."
            )
        masks = [None] * len(values) if input_masks is None else self._flat_masks(input_masks)
        table = {}
        for x, value, mask in zip(self.inputs, values, masks):
            table[id(x)] = (value, mask)
        for node in self.nodes:
            lookup = lambda a: table[id(a)][0] if isinstance(a, KerasTensor) else a
            mask_of = lambda a: table[id(a)][1] if isinstance(a, KerasTensor) else None
            args, kwargs = tree.map_structure(lookup, (node.call_args, node.call_kwargs))
            arg_masks = tree.map_structure(mask_of, (node.call_args, node.call_kwargs))
            outputs, output_masks = node.operation.run_with_masks(args, kwargs, arg_masks)
            flat_outputs = tree.flatten(outputs)
            flat_masks = flatten_output_masks(output_masks, len(flat_outputs))
            for x, value, mask in zip(node.outputs, flat_outputs, flat_masks):
                if isinstance(x, KerasTensor):
                    table[id(x)] = (value, mask)
        outs = [table[id(x)] for x in self.outputs]
        out_values = tree.pack_sequence_as(self.outputs_structure, [v for v, _ in outs])
        out_masks = tree.pack_sequence_as(self.outputs_structure, [m for _, m in outs])
        return out_values, out_masks

    def _flatten_dict_inputs(self, inputs):
        if isinstance(self.inputs_structure, dict):
            missing = set(self.inputs_structure) - set(inputs)
            if missing:
                raise ValueError(
                    f"{self.name}: missing input key(s) {sorted(missing)}; expected keys "
                    f"{sorted(self.inputs_structure)}, received {sorted(inputs)}."
                )
            return tree.flatten({k: inputs[k] for k in self.inputs_structure})
        by_name = {x.name: x for x in self.inputs}
        missing = [name for name in by_name if name not in inputs]
        if missing:
            raise ValueError(
                f"{self.name}: missing input(s) {missing}; the dict keys must match the names "
                f"of the Input layers {list(by_name)}, received {sorted(inputs)}."
            )
        return [inputs[x.name] for x in self.inputs]

    def _flat_masks(self, input_masks):
        if isinstance(input_masks, dict) and not isinstance(self.inputs_structure, dict):
            return [MaskInfo.wrap(input_masks.get(x.name)) for x in self.inputs]
        flat = tree.flatten(input_masks)
        if len(flat) != len(self.inputs):
            flat = [input_masks] if len(self.inputs) == 1 else flat
        return [MaskInfo.wrap(m) for m in flat]
