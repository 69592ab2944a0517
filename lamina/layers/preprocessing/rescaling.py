"""``Rescaling``: ``outputs = inputs * scale + offset`` (e.g. pixels from [0, 255] to [0, 1]).

>>> import numpy as np
>>> Rescaling(1 / 255)(np.array([[0, 255]], "uint8")).tolist()
[[0.0, 1.0]]
>>> Rescaling(1 / 127.5, offset=-1)(np.array([[0.0, 255.0]])).tolist()
[[-1.0, 1.0]]
"""

import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.layer import Layer


@register_builtin
class Rescaling(Layer):
    """Multiplies every input value by ``scale`` and adds ``offset``, in and out of training.

    Args:
        scale: float, or a per-channel list/array broadcast against the last axis
            (against the channel axis, shape ``(C, 1, 1)``, when the global image data
            format is ``"channels_first"``, as in Keras).
        offset: float (or per-channel values, broadcast the same way).

    Integer inputs are accepted; the output has the layer's float dtype. Masks pass
    through (the operation is elementwise).

    >>> Rescaling(2.0).get_config()["scale"]
    2.0
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        for arg, value in (("scale", scale), ("offset", offset)):
            try:
                np.asarray(value, dtype="float64")
            except (TypeError, ValueError):
                raise ValueError(
                    f"Rescaling '{self.name}': {arg} must be a number or a list of numbers, "
                    f"received {arg}={value!r}."
                ) from None
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self.built = True

    def _as_tensor(self, value):
        value = jnp.asarray(np.asarray(value, dtype="float64"), dtype=self.compute_dtype)
        if value.ndim > 0 and config.image_data_format() == "channels_first":
            value = value.reshape(value.shape + (1,) * (3 - value.ndim))
        return value

    def call(self, inputs):
        inputs = jnp.asarray(inputs).astype(self.compute_dtype)
        return inputs * self._as_tensor(self.scale) + self._as_tensor(self.offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": serialize_keras_object(self.scale),
            "offset": serialize_keras_object(self.offset),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("scale", "offset"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize_keras_object(config[key])
        return cls(**config)
