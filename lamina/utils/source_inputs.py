"""``get_source_inputs``: the graph inputs a symbolic tensor was computed from.

It reads only the ``_keras_history`` of ``KerasTensor`` objects (operation, node index),
so this rung-1 module needs nothing from the graph code.
"""


def get_source_inputs(tensor) -> list:
    """The input tensors (in first-seen order, without repeats) needed to compute
    ``tensor``; a tensor with no history is its own source. A value without
    ``_keras_history`` (not symbolic) is returned unchanged, as in Keras 3.

    >>> import lamina
    >>> a, b = lamina.Input(shape=(2,), name="a"), lamina.Input(shape=(2,), name="b")
    >>> y = lamina.layers.Add()([a, lamina.layers.Dense(2)(b)])
    >>> [t.name for t in get_source_inputs(y)]
    ['a', 'b']
    """
    if not hasattr(tensor, "_keras_history"):
        return tensor
    history = tensor._keras_history
    if history is None:
        return [tensor]
    operation, node_index, _ = history
    nodes = getattr(operation, "_inbound_nodes", None)
    if not nodes:
        return [tensor]
    node = nodes[node_index]
    if not node.input_tensors:  # an input node: the walk ends here
        return list(node.output_tensors)
    sources = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if all(source is not seen for seen in sources):
                sources.append(source)
    return sources
