"""``Dropout``: randomly zero a fraction ``rate`` of the inputs while training.

>>> import numpy as np
>>> layer = Dropout(0.5, seed=0)
>>> layer(np.ones((2, 4))).tolist()  # not training: identity
[[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]
>>> kept = np.asarray(layer(np.ones((2, 4)), training=True))
>>> sorted(set(kept.ravel().tolist())) in ([0.0, 2.0], [0.0], [2.0])
True
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.random import SeedGenerator
from lamina.layers.layer import Layer


@register_builtin
class Dropout(Layer):
    """Sets inputs to 0 with probability ``rate`` and scales the rest by ``1 / (1 - rate)``.

    Active only when ``training=True`` (``fit`` passes it; a direct call defaults to
    inference). Keys come from ``self.seed_generator``, whose state is a non-trainable
    variable: inside a jitted step (``stateless_call``) the new state is returned with
    the other non-trainable values, so every step draws a different mask.

    Args:
        rate: float in ``[0, 1]``, fraction of the inputs to drop.
        noise_shape: shape of the binary keep-mask, broadcast to the input shape; ``None``
            entries take the input's size (``(batch, 1, features)`` drops the same
            features at every timestep).
        seed: int seed of the generator (None: drawn from the global seed).

    Masks pass through (``supports_masking``).

    >>> Dropout(0.25).get_config()["rate"]
    0.25
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise ValueError(
                f"Dropout '{self.name}': rate must be a float in [0, 1], received "
                f"rate={rate!r}."
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = self._validate_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def _validate_noise_shape(self, noise_shape):
        if noise_shape is None:
            return None
        if isinstance(noise_shape, str) or not hasattr(noise_shape, "__iter__"):
            raise ValueError(
                f"Dropout '{self.name}': noise_shape must be a tuple of ints or None, "
                f"received noise_shape={noise_shape!r}."
            )
        noise_shape = tuple(noise_shape)
        for dim in noise_shape:
            if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0):
                raise ValueError(
                    f"Dropout '{self.name}': every noise_shape entry must be a positive int "
                    f"or None, received noise_shape={noise_shape!r}."
                )
        return noise_shape

    def _concrete_noise_shape(self, input_shape):
        if self.noise_shape is None:
            return input_shape
        if len(self.noise_shape) != len(input_shape):
            raise ValueError(
                f"Dropout '{self.name}': noise_shape={self.noise_shape} has rank "
                f"{len(self.noise_shape)} but the input has shape {input_shape} (rank "
                f"{len(input_shape)}). Give one entry per input axis (None = same size)."
            )
        shape = tuple(d if n is None else n for n, d in zip(self.noise_shape, input_shape))
        for n, d in zip(shape, input_shape):
            if n not in (1, d):
                raise ValueError(
                    f"Dropout '{self.name}': noise_shape={self.noise_shape} cannot be "
                    f"broadcast to the input shape {input_shape}: each entry must be None, "
                    "1, or the input's size on that axis."
                )
        return shape

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate == 1:
            return jnp.zeros_like(inputs)
        keep_prob = 1.0 - self.rate
        shape = self._concrete_noise_shape(tuple(inputs.shape))
        keep = jax.random.bernoulli(self.seed_generator.next(), p=keep_prob, shape=shape)
        keep = jnp.broadcast_to(keep, inputs.shape)
        return jnp.where(keep, inputs / keep_prob, jnp.zeros_like(inputs))

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": self.noise_shape}
