"""``TimeDistributed``: apply one layer to every timestep of a sequence.

>>> import numpy as np
>>> from lamina.layers.core.dense import Dense
>>> TimeDistributed(Dense(2))(np.ones((3, 5, 4))).shape
(3, 5, 2)
"""

import jax.numpy as jnp

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.call_spec import call_spec_for, overrides
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

    Masks: a ``(batch, time)`` mask is kept on the time axis and passes through. A mask
    with more axes, ``(batch, time, words)`` say, goes to the wrapped layer flattened
    to ``(batch * time, words)``, which consumes it (an ``LSTM``), carries it or refuses
    it (``MaskNotSupportedError``); when the wrapped layer ends it, the output mask is
    ``any`` over the inner axes (a sentence with no words is masked). A mask the
    wrapped layer creates (``Embedding(mask_zero=True)`` on ``(batch, time, words)``
    ids) is reshaped back to ``(batch, time, ...)`` and combined (logical and) with a
    ``(batch, time)`` input mask, so neither is dropped (Keras 3 drops it).

    >>> import numpy as np
    >>> from lamina.layers.core.embedding import Embedding
    >>> from lamina.core.masking import get_mask
    >>> ids = np.array([[[1, 2, 0], [3, 0, 0]]])  # (batch=1, time=2, words=3)
    >>> out = TimeDistributed(Embedding(5, 2, mask_zero=True))(ids)
    >>> get_mask(out).tolist()
    [[[True, True, False], [True, False, False]]]

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
        inner_mask = _inner_mask(mask, batch, steps)
        if inner_mask is not None:
            # The wrapped layer's own pipeline consumes, carries or refuses it.
            kwargs["mask"] = inner_mask
        outputs = self.layer(flat, **kwargs)
        return tree.map_structure(
            lambda y: y.reshape((batch, steps, *y.shape[1:])), outputs
        )

    def compute_mask(self, inputs, mask=None):
        inner = self.layer
        batch, steps = inputs.shape[0], inputs.shape[1]
        flat_mask = _inner_mask(mask, batch, steps)
        if not (inner.supports_masking or overrides(inner, "compute_mask", Layer)):
            return _time_level(mask)
        flat_inputs = inputs.reshape((batch * steps, *inputs.shape[2:]))
        inner_mask = inner.compute_mask(flat_inputs, flat_mask)
        if inner_mask is None:
            return _time_level(mask)
        if inner_mask is flat_mask:
            return mask
        if tree.is_nested(inner_mask):
            raise ValueError(
                f"TimeDistributed '{self.name}': the wrapped layer '{inner.name}' returns "
                "several masks; TimeDistributed carries one. Wrap a layer with one output."
            )
        inner_mask = inner_mask.reshape((batch, steps, *inner_mask.shape[1:])).astype(bool)
        if mask is None or mask.ndim > 2:
            return inner_mask  # a mask beyond (batch, time) went into the wrapped layer
        outer = mask.reshape(mask.shape + (1,) * (inner_mask.ndim - 2)).astype(bool)
        return jnp.logical_and(inner_mask, outer)

    def get_config(self):
        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)


def _inner_mask(mask, batch, steps):
    """The part of ``mask`` the wrapped layer sees: its axes after time, or None."""
    if mask is None or mask.ndim <= 2:
        return None
    return mask.reshape((batch * steps, *mask.shape[2:]))


def _time_level(mask):
    """``mask`` reduced to ``(batch, time)``: a step is valid if any inner entry is."""
    if mask is None or mask.ndim <= 2:
        return mask
    return jnp.any(mask.astype(bool), axis=tuple(range(2, mask.ndim)))
