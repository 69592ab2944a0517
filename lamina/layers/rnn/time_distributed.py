"""``TimeDistributed``: apply one layer to every timestep of a sequence.

>>> import numpy as np
>>> from lamina.layers.core.dense import Dense
>>> TimeDistributed(Dense(2))(np.ones((3, 5, 4))).shape
(3, 5, 2)
"""

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.call_spec import call_spec_for
from lamina.layers.layer import Layer
from lamina.utils import tree


@register_builtin
class TimeDistributed(Layer):
    """Applies ``layer`` to each slice ``inputs[:, t]`` with the same weights.

    The ``(batch, time, ...)`` input is reshaped to ``(batch * time, ...)``, the wrapped
    layer runs once on it (one fused computation, not a loop over time), and its output
    is reshaped back to ``(batch, time, ...)``. A layer whose result depends on the
    whole batch (``BatchNormalization`` while training) therefore sees all timesteps as
    one batch, as tf.keras did; Keras 3 runs it step by step.

    Masks: the ``(batch, time)`` mask passes through unchanged (the time axis is kept);
    a wrapped layer that takes ``mask`` receives it flattened to ``(batch * time,)``.

    Args:
        layer: a Layer instance.

    >>> import numpy as np
    >>> from lamina.layers.core.dense import Dense
    >>> layer = TimeDistributed(Dense(4))
    >>> _ = layer(np.ones((2, 3, 5)))
    >>> [tuple(w.shape) for w in layer.weights]
    [(5, 4), (4,)]
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "TimeDistributed: layer must be a Layer instance (e.g. Dense(8)), received "
                f"{layer!r}."
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _child_shape(self, input_shape):
        shape = tuple(input_shape) if input_shape is not None else ()
        if len(shape) < 3:
            raise ValueError(
                f"TimeDistributed '{self.name}': inputs must have at least 3 axes (batch, "
                f"time, features...), received shape {shape}."
            )
        return (None, *shape[2:])

    def build(self, input_shape):
        child = self._child_shape(input_shape)
        if not self.layer.built:
            self.layer.build_from_config({"input_shape": child})
        self.built = True

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(input_shape))
        return (input_shape[0], input_shape[1], *tuple(child)[1:])

    def call(self, inputs, training=None, mask=None):
        self._child_shape(inputs.shape)
        batch, steps = inputs.shape[0], inputs.shape[1]
        if mask is not None and tuple(mask.shape[:2]) != (batch, steps):
            raise ValueError(
                f"TimeDistributed '{self.name}': the mask must start with (batch, time) = "
                f"({batch}, {steps}) like the inputs {tuple(inputs.shape)}, received a mask "
                f"of shape {tuple(mask.shape)}."
            )
        flat = inputs.reshape((batch * steps, *inputs.shape[2:]))
        spec = call_spec_for(type(self.layer))
        kwargs = {}
        if spec.takes_training:
            kwargs["training"] = training
        if spec.takes_mask and mask is not None:
            kwargs["mask"] = mask.reshape((batch * steps, *mask.shape[2:]))
        outputs = self.layer(flat, **kwargs)
        return tree.map_structure(
            lambda y: y.reshape((batch, steps, *y.shape[1:])), outputs
        )

    def get_config(self):
        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)
