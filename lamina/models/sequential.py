"""``Sequential``: a stack of layers, each feeding the next.

With a leading ``Input`` (or ``input_shape=`` on the first layer) the graph is built at
once; otherwise on the first call or ``fit``, from the data's shape.

>>> import lamina, numpy as np
>>> model = Sequential([lamina.layers.Dense(4, activation="relu"), lamina.layers.Dense(1)])
>>> model(np.ones((2, 3))).shape
(2, 1)
"""

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.core.input_layer import InputLayer
from lamina.layers.layer import Layer
from lamina.models import functional
from lamina.models.model import Model


@register_builtin
class Sequential(Model):
    """A linear stack of layers: ``Sequential([layer, ...], name=None)``."""

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._stack: list = []
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._rebuild()

    def add(self, layer, rebuild=True):
        """Append a layer (or an ``Input`` tensor, which starts the stack)."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential '{self.name}'.add: expected a Layer, received "
                f"{type(layer).__name__}: {layer!r}."
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(
                f"Sequential '{self.name}': an Input can only be the first entry of the stack."
            )
        if not self._stack and not isinstance(layer, InputLayer):
            batch_shape = getattr(layer, "_batch_input_shape", None)
            if batch_shape is not None:
                self._stack.append(InputLayer(batch_shape=batch_shape))
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(
                f"Sequential '{self.name}': all layers need unique names; '{layer.name}' is "
                "already in the stack."
            )
        self._stack.append(layer)
        if rebuild:
            self._rebuild()

    def pop(self, rebuild=True):
        """Remove and return the last layer."""
        if not self.layers:
            raise ValueError(f"Sequential '{self.name}' has no layers to pop.")
        layer = self._stack.pop()
        self._function = None
        self.built = False
        if rebuild:
            self._rebuild()
        return layer

    def _rebuild(self):
        if self._stack and isinstance(self._stack[0], InputLayer) and len(self._stack) > 1:
            x = self._stack[0].output
            inputs = x
            for layer in self._stack[1:]:
                x = layer(x)
            functional.init_graph(self, inputs, x)

    def _sublayers(self) -> list:
        return list(self._stack)

    @property
    def layers(self) -> list:
        """The layers of the stack (the leading InputLayer is not listed, as in Keras)."""
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    def build(self, input_shape=None):
        if self._function is not None:
            self.built = True
            return
        if input_shape is None:
            raise ValueError(
                f"Sequential '{self.name}' has no Input: pass input_shape to build(), call it on "
                "data, or start the stack with lamina.Input(shape=...)."
            )
        if not self.layers:
            raise ValueError(f"Sequential '{self.name}' has no layers to build.")
        self._stack.insert(0, InputLayer(batch_shape=tuple(input_shape)))
        self._rebuild()

    def _build_on_first_call(self, spec, args, kwargs):
        first = args[0] if args else kwargs.get(spec.first_name)
        shape = (None, *tuple(first.shape)[1:])
        self.build(shape)
        self._build_shapes = {"input_shape": shape}

    def call(self, inputs, training=None, mask=None):
        return super().call(inputs, training=training, mask=mask)

    def get_config(self):
        layers = [serialize_keras_object(layer) for layer in self._stack]
        return {"name": self.name, "trainable": self.trainable, "layers": layers}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        layers = [
            deserialize_keras_object(c, custom_objects=custom_objects, kind="layer")
            for c in config.get("layers", [])
        ]
        return cls(layers=layers, name=config.get("name"), trainable=config.get("trainable", True))
