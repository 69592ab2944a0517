"""``AlphaDropout``: dropout that keeps the self-normalizing statistics of SELU nets.

>>> import numpy as np
>>> AlphaDropout(0.2)(np.ones((1, 2))).tolist()  # inference: identity
[[1.0, 1.0]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.random import SeedGenerator
from lamina.layers.layer import Layer

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@register_builtin
class AlphaDropout(Layer):
    """Sets dropped inputs to SELU's negative saturation value, then rescales.

    With ``alpha_p = -alpha * scale`` of SELU, a dropped entry becomes ``alpha_p`` and
    the result is ``a * x + b`` with ``a = ((1 - rate) * (1 + rate * alpha_p**2))**-0.5``
    and ``b = -a * alpha_p * rate``, which keeps zero mean and unit variance for
    standardized inputs. Active only when ``training=True``; keys come from
    ``self.seed_generator``. Masks pass through.

    Args:
        rate: float in ``[0, 1)``, the drop probability (``rate=1`` has no finite
            rescaling: Keras fails with a division by zero while training, lamina
            refuses it upfront).
        noise_shape: shape of the keep-mask broadcast to the inputs; ``None`` entries
            take the input's size.
        seed: int seed of the generator (None: drawn from the global seed).

    >>> import numpy as np
    >>> out = AlphaDropout(0.3, seed=0)(np.random.default_rng(0).normal(size=4000),
    ...                                 training=True)
    >>> abs(float(np.mean(out))) < 0.1 and abs(float(np.std(out)) - 1) < 0.1
    True
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ValueError(
                f"AlphaDropout '{self.name}': rate must be a float in [0, 1), received "
                f"rate={rate!r}."
            )
        if noise_shape is not None:
            try:
                noise_shape = tuple(noise_shape)
            except TypeError:
                noise_shape = ("invalid",)
            if any(d is not None and (isinstance(d, bool) or not isinstance(d, int) or d <= 0)
                   for d in noise_shape):
                raise ValueError(
                    f"AlphaDropout '{self.name}': noise_shape must be a tuple of positive "
                    f"ints or None entries, received noise_shape={noise_shape!r}."
                )
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def _concrete_noise_shape(self, input_shape):
        if self.noise_shape is None:
            return input_shape
        if len(self.noise_shape) != len(input_shape):
            raise ValueError(
                f"AlphaDropout '{self.name}': noise_shape={self.noise_shape} has "
                f"{len(self.noise_shape)} entries but the input has shape {input_shape}. "
                "Give one entry per input axis (None = the input's size)."
            )
        shape = tuple(d if n is None else n for n, d in zip(self.noise_shape, input_shape))
        if any(n not in (1, d) for n, d in zip(shape, input_shape)):
            raise ValueError(
                f"AlphaDropout '{self.name}': noise_shape={self.noise_shape} cannot be "
                f"broadcast to the input shape {input_shape}: each entry must be None, 1, "
                "or the input's size on that axis."
            )
        return shape

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        shape = self._concrete_noise_shape(tuple(inputs.shape))
        uniform = jax.random.uniform(self.seed_generator.next(), shape)
        kept = jnp.broadcast_to(uniform >= self.rate, inputs.shape)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = jnp.where(kept, inputs, jnp.asarray(alpha_p, inputs.dtype))
        return (a * x + b).astype(inputs.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": self.noise_shape}
