"""``Node``: one call event of an operation on symbolic tensors (the talk's graph node).

A node links the symbolic inputs of a call to its outputs; each output KerasTensor
points back at it with ``_keras_history = (operation, node_index, tensor_index)``.
"""

from lamina.core.keras_tensor import KerasTensor
from lamina.utils import tree


class Node:
    """The call of ``operation`` on ``call_args``/``call_kwargs`` that produced ``outputs``."""

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=None):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = tree.flatten(outputs)
        self.input_tensors = [
            x
            for x in tree.flatten((self.call_args, self.call_kwargs))
            if isinstance(x, KerasTensor)
        ]
        self.output_tensors = [x for x in self.outputs if isinstance(x, KerasTensor)]
        node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for tensor_index, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (operation, node_index, tensor_index)
        self.parent_nodes = []
        for x in self.input_tensors:
            history = x._keras_history
            if history is not None:
                parent = history[0]._inbound_nodes[history[1]]
                if parent not in self.parent_nodes:
                    self.parent_nodes.append(parent)

    @property
    def is_input(self) -> bool:
        return not self.input_tensors

    def __repr__(self):
        counts = f"{len(self.input_tensors)} in, {len(self.output_tensors)} out"
        return f"<Node {self.operation.name}: {counts}>"
