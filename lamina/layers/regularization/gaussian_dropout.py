"""``GaussianDropout``: multiply by ``N(1, rate / (1 - rate))`` noise while training.

>>> import numpy as np
>>> GaussianDropout(0.2)(np.ones((1, 2))).tolist()  # inference: identity
[[1.0, 1.0]]
"""

import math

import jax

from lamina._registry import register_builtin
from lamina.core.random import SeedGenerator
from lamina.layers.layer import Layer


@register_builtin
class GaussianDropout(Layer):
    """Multiplicative 1-centered Gaussian noise, ``stddev = sqrt(rate / (1 - rate))``.

    Active only when ``training=True``; keys come from ``self.seed_generator``.
    Masks pass through.

    Args:
        rate: float in ``[0, 1)``, the equivalent drop probability (Keras accepts 1 and
            then fails with a division by zero while training; lamina refuses it upfront).
        seed: int seed of the generator (None: drawn from the global seed).

    >>> import numpy as np
    >>> out = GaussianDropout(0.5, seed=0)(np.ones((2000,)), training=True)
    >>> 0.9 < float(np.mean(out)) < 1.1 and 0.9 < float(np.std(out)) < 1.1
    True
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ValueError(
                f"GaussianDropout '{self.name}': rate must be a float in [0, 1), received "
                f"rate={rate!r} (rate=1 would make the noise variance rate / (1 - rate) "
                "infinite)."
            )
        self.rate = rate
        self.seed = seed
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = jax.random.normal(self.seed_generator.next(), inputs.shape, inputs.dtype)
        return inputs * (1.0 + stddev * noise)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
