"""``SpatialDropout1D/2D/3D``: drop whole feature maps instead of single entries.

>>> import numpy as np
>>> out = np.asarray(SpatialDropout1D(0.5, seed=1)(np.ones((2, 5, 8)), training=True))
>>> bool(np.all(out == out[:, :1, :]))  # a channel is dropped at every step
True
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.core.dropout import Dropout
from lamina.layers.input_spec import InputSpec
from lamina.layers.reshaping.flatten import standardize_data_format


class BaseSpatialDropout(Dropout):
    """Dropout whose keep-mask is shared over the spatial axes (one draw per channel).

    Subclasses define ``_noise_shape(input_shape)``. Active only with ``training=True``;
    keys come from ``self.seed_generator`` (a non-trainable state variable), so a given
    ``seed`` gives the same sequence of masks and jitted ``stateless_call`` steps draw
    new masks. Masks pass through (``supports_masking``).
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _noise_shape(self, input_shape):
        raise NotImplementedError

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return jnp.zeros_like(inputs)
        keep_prob = 1.0 - self.rate
        shape = self._noise_shape(tuple(inputs.shape))
        keep = jax.random.bernoulli(self.seed_generator.next(), p=keep_prob, shape=shape)
        keep = jnp.broadcast_to(keep, inputs.shape)
        return jnp.where(keep, inputs / keep_prob, jnp.zeros_like(inputs))

    def get_config(self):
        # Keras' keys exactly: the constructor takes no other base argument.
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


@register_builtin
class SpatialDropout1D(BaseSpatialDropout):
    """Drops entire channels of ``(batch, steps, channels)`` inputs (same at every step).

    Args:
        rate: float in ``[0, 1]``, fraction of the channels to drop.
        seed: int seed of the generator (None: drawn from the global seed).
        name, dtype: as for every layer.

    >>> SpatialDropout1D(0.2, seed=3).get_config()["rate"]
    0.2
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, input_shape):
        return (input_shape[0], 1, input_shape[2])


@register_builtin
class SpatialDropout2D(BaseSpatialDropout):
    """Drops entire channels (feature maps) of 4D inputs.

    Args:
        rate: float in ``[0, 1]``, fraction of the channels to drop.
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.
        seed: int seed of the generator (None: drawn from the global seed).
        name, dtype: as for every layer.

    >>> import numpy as np
    >>> SpatialDropout2D(0.5)(np.ones((1, 2, 2, 3))).shape  # inference: identity
    (1, 2, 2, 3)
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        owner = f"SpatialDropout2D '{self.name}'"
        self.data_format = standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, input_shape):
        if self.data_format == "channels_first":
            return (input_shape[0], input_shape[1], 1, 1)
        return (input_shape[0], 1, 1, input_shape[3])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


@register_builtin
class SpatialDropout3D(BaseSpatialDropout):
    """Drops entire channels (feature volumes) of 5D inputs.

    Args:
        rate: float in ``[0, 1]``, fraction of the channels to drop.
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.
        seed: int seed of the generator (None: drawn from the global seed).
        name, dtype: as for every layer.

    >>> import numpy as np
    >>> SpatialDropout3D(0.5)(np.ones((1, 2, 2, 2, 3))).shape
    (1, 2, 2, 2, 3)
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        owner = f"SpatialDropout3D '{self.name}'"
        self.data_format = standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=5)

    def _noise_shape(self, input_shape):
        if self.data_format == "channels_first":
            return (input_shape[0], input_shape[1], 1, 1, 1)
        return (input_shape[0], 1, 1, 1, input_shape[4])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
