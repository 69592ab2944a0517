"""``RandomGaussianBlur``: blur some images with a Gaussian kernel while training.

>>> import numpy as np
>>> x = np.zeros((1, 5, 5, 1)); x[0, 2, 2, 0] = 100.0
>>> out = RandomGaussianBlur((1.0, 1.0), sigma=(1.0, 1.0), seed=0)(x, training=True)
>>> round(float(np.asarray(out).sum()), 3)  # the 3x3 kernel keeps the total
100.0
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.preprocessing._base_color_layer import BaseColorLayer, draw_apply, uniform
from lamina.layers.preprocessing._base_image_layer import _is_number, parse_factor
from lamina.layers.preprocessing._color_ops import depthwise_filter


def _parse_kernel_size(owner, kernel_size):
    sizes = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * 2
    if len(sizes) != 2 or not all(_is_number(k) and k > 0 and k % 2 == 1 for k in sizes):
        raise ValueError(
            f"{owner}: kernel_size must be an odd positive int or a pair of them "
            f"(width, height), received kernel_size={kernel_size!r}."
        )
    return tuple(sizes)


def gaussian_kernel(size, sigma, dtype):
    """``(height, width)`` kernel: outer product of 1-D Gaussians, each summing to 1.
    ``size`` and ``sigma`` are ``(x, y)`` pairs (width first)."""

    def one_d(length, spread):
        offsets = jnp.arange(length, dtype=dtype) - (length - 1) / 2.0
        weights = jnp.exp(-0.5 * jnp.square(offsets / spread))
        return weights / jnp.sum(weights)

    return jnp.outer(one_d(int(size[1]), sigma[1]), one_d(int(size[0]), sigma[0]))


@register_builtin
class RandomGaussianBlur(BaseColorLayer):
    """With a probability drawn per image in ``factor``, blurs the image with a
    ``kernel_size`` Gaussian kernel whose ``(sigma_x, sigma_y)`` is drawn in ``sigma``
    (one pair for the whole batch, as in Keras 3), then clips to ``value_range``.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn in ``[0, f]``) or a pair
            ``(lower, upper)``; ``(1, 1)`` blurs every image.
        kernel_size: odd int or pair of odd ints ``(width, height)``; stored as a pair.
        sigma: a number or pair in ``[0, 1]`` parsed like ``factor`` (``1.0`` -> ``(0,
            1.0)``); ``1e-6`` is added to each draw.
        value_range: ``(low, high)`` of the pixel values (default ``(0, 255)``), kept as
            given.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: global setting).
        seed: int seed of the layer's ``SeedGenerator``.

    Borders are zero padded. Identity (cast to float) unless called with
    ``training=True``.

    >>> RandomGaussianBlur(kernel_size=5).get_config()["kernel_size"]
    (5, 5)
    """

    _FACTOR_BOUNDS = (0, 1)
    _SORT_VALUE_RANGE = False

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs):
        super().__init__(factor, value_range=value_range, seed=seed, data_format=data_format,
                         **kwargs)
        owner = f"RandomGaussianBlur '{self.name}'"
        self.kernel_size = _parse_kernel_size(owner, kernel_size)
        self.sigma = parse_factor(owner, sigma, (0, 1), arg="sigma")

    def _augment(self, images, key):
        k_apply, k_sigma = jax.random.split(key)
        sigma = uniform(k_sigma, (2,), self.sigma, images.dtype) + 1e-6
        kernel = gaussian_kernel(self.kernel_size, sigma, images.dtype)
        blurred = depthwise_filter(images, kernel, self.data_format)
        apply = draw_apply(k_apply, images.shape[0], self.factor)[:, None, None, None]
        return self._clip(jnp.where(apply, blurred, images))

    def get_config(self):
        config = super().get_config()
        value_range, seed = config.pop("value_range"), config.pop("seed")
        return {**config, "kernel_size": self.kernel_size, "sigma": self.sigma,
                "value_range": value_range, "seed": seed}
