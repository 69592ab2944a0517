"""``GaussianNoise``: add zero-centered Gaussian noise while training.

>>> import numpy as np
>>> layer = GaussianNoise(0.1, seed=0)
>>> layer(np.ones((2, 3))).tolist()  # inference: identity
[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
"""

import jax

from lamina._registry import register_builtin
from lamina.core.random import SeedGenerator
from lamina.layers.layer import Layer


@register_builtin
class GaussianNoise(Layer):
    """Adds ``N(0, stddev**2)`` noise to the inputs when ``training=True``.

    A regularizer against overfitting (and a form of data augmentation for real
    valued inputs). Keys come from ``self.seed_generator`` (state in a non-trainable
    variable), so a seed gives a reproducible sequence and jitted steps draw new noise.
    Masks pass through.

    Args:
        stddev: float in ``[0, 1]`` (Keras' bound), standard deviation of the noise.
        seed: int seed of the generator (None: drawn from the global seed).

    >>> import numpy as np
    >>> out = GaussianNoise(0.5, seed=1)(np.zeros((1000,)), training=True)
    >>> 0.4 < float(np.std(out)) < 0.6
    True
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, (int, float)) or not (
            0 <= stddev <= 1
        ):
            raise ValueError(
                f"GaussianNoise '{self.name}': stddev must be a float in [0, 1], received "
                f"stddev={stddev!r}."
            )
        self.stddev = stddev
        self.seed = seed
        if stddev > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = jax.random.normal(self.seed_generator.next(), inputs.shape, inputs.dtype)
        return inputs + self.stddev * noise

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
