"""The drawing of a model as boxes and arrows, before it becomes DOT text or SVG.

Boxes are the rows of the summary: a Sequential's layers, every operation of a
functional graph (InputLayers and plain ops included), or a single box for a subclassed
model. With ``expand_nested`` a nested functional/Sequential model becomes a cluster
holding its own boxes, and arrows into or out of it go to the boxes inside, as Keras
draws it.

>>> import lamina
>>> x = lamina.Input(shape=(3,), name="x")
>>> model = lamina.Model(x, lamina.layers.Dense(2, name="d")(x))
>>> graph = build_plot_graph(model, show_shapes=True)
>>> [node.title for node in graph.nodes], graph.edges
([('x', 'InputLayer'), ('d', 'Dense')], [('node_0', 'node_1')])
>>> graph.nodes[1].cells
[('Input shape: ', '(None, 3)', 'plain'), ('Output shape: ', '(None, 2)', 'plain')]
"""

from dataclasses import dataclass, field

from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.models.sequential import Sequential
from lamina.visualization import model_info


@dataclass
class PlotNode:
    """One box: ``title`` is ``(name or None, class name)``; ``cells`` are
    ``(label, value, kind)`` with kind ``plain``, ``trainable`` or ``frozen``."""

    key: str
    title: tuple
    activation: object = None
    cells: list = field(default_factory=list)
    cluster: object = None


@dataclass
class PlotCluster:
    """A dashed frame around the boxes of a nested model."""

    key: str
    label: str
    parent: object = None


@dataclass
class PlotGraph:
    name: str
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    clusters: list = field(default_factory=list)


@dataclass
class _Options:
    show_shapes: bool = False
    show_dtype: bool = False
    show_layer_names: bool = True
    expand_nested: bool = False
    show_layer_activations: bool = False
    show_trainable: bool = False


def build_plot_graph(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    expand_nested=False,
    show_layer_activations=False,
    show_trainable=False,
) -> PlotGraph:
    """Boxes, clusters and arrows for ``model`` (it must be built)."""
    model_info.check_model(model, "model_to_dot")
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' is not built yet, so its layers and their connections are "
            "unknown. Call it on a batch of data or call model.build(input_shape) first (or "
            "start it with lamina.Input(shape=...))."
        )
    options = _Options(
        show_shapes=bool(show_shapes),
        show_dtype=bool(show_dtype),
        show_layer_names=bool(show_layer_names),
        expand_nested=bool(expand_nested),
        show_layer_activations=bool(show_layer_activations),
        show_trainable=bool(show_trainable),
    )
    builder = _Builder(options, PlotGraph(name=model.name))
    if model_info.has_graph(model):
        builder.add_model(model, cluster=None)
    else:  # a subclassed model is drawn as one box, as in Keras
        builder.add_box(model, None, None)
    return builder.graph


def _expandable(layer, options) -> bool:
    return (
        options.expand_nested and model_info.is_nested_model(layer) and model_info.has_graph(layer)
    )


class _Builder:
    def __init__(self, options, graph):
        self.options = options
        self.graph = graph
        self.keys = {}

    def add_model(self, model, cluster) -> None:
        layers = model_info.listed_layers(model)
        nodes = model_info.model_nodes(model)
        for layer in layers:
            if _expandable(layer, self.options):
                inner = PlotCluster(f"cluster_{len(self.graph.clusters)}", layer.name, cluster)
                self.graph.clusters.append(inner)
                self.add_model(layer, inner)
            else:
                self.add_box(layer, nodes, cluster)
        drawn = {id(layer) for layer in layers}
        for layer in layers:
            for node in model_info.nodes_of(layer, nodes):
                for input_index, x in enumerate(node.input_tensors):
                    source, _, tensor_index = x._keras_history
                    if id(source) not in drawn:  # a Sequential's InputLayer is not drawn
                        continue
                    self.add_edge(
                        self._resolve_source(source, tensor_index),
                        self._resolve_destination(layer, input_index),
                    )

    def _resolve_source(self, operation, tensor_index):
        while _expandable(operation, self.options):
            output = operation._function.outputs[tensor_index]
            operation, _, tensor_index = output._keras_history
        return operation

    def _resolve_destination(self, layer, input_index):
        while _expandable(layer, self.options):
            if isinstance(layer, Sequential):
                layer = layer.layers[0]
            else:
                layer = layer._function.inputs[input_index]._keras_history[0]
        return layer

    def add_edge(self, source, destination) -> None:
        if id(source) not in self.keys or id(destination) not in self.keys:
            return
        edge = (self.keys[id(source)], self.keys[id(destination)])
        if edge not in self.graph.edges:
            self.graph.edges.append(edge)

    def add_box(self, layer, nodes, cluster) -> None:
        if id(layer) in self.keys:
            return
        key = f"node_{len(self.graph.nodes)}"
        self.keys[id(layer)] = key
        options = self.options
        title = (layer.name if options.show_layer_names else None, model_info.type_name(layer))
        activation = model_info.activation_name(layer) if options.show_layer_activations else None
        cells = []
        if options.show_shapes:
            if not isinstance(layer, InputLayer):
                shapes = model_info.input_shapes(layer, nodes)
                cells.append(("Input shape: ", " | ".join(shapes), "plain"))
            shapes = model_info.output_shapes(layer, nodes)
            cells.append(("Output shape: ", " | ".join(shapes), "plain"))
        if options.show_dtype:
            dtypes = model_info.output_dtypes(layer, nodes)
            cells.append(("Output dtype: ", " | ".join(dtypes), "plain"))
        if options.show_trainable and isinstance(layer, Layer) and layer.weights:
            if layer.trainable:
                cells.append(("", "Trainable", "trainable"))
            else:
                cells.append(("", "Non-trainable", "frozen"))
        self.graph.nodes.append(PlotNode(key, title, activation, cells, cluster))
