"""Filtering image ops: Gaussian blur, Sobel edges, SSIM, and patch extraction.

>>> import numpy as np
>>> extract_patches(np.ones((1, 4, 4, 3)), 2).shape
(1, 2, 2, 12)
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware
from lamina.ops.nn_conv import conv, data_format_of

__all__ = ["extract_patches", "extract_patches_3d", "gaussian_blur", "sobel_edges", "ssim"]


def _batch(owner, images, ranks=(3, 4)):
    images = convert_to_tensor(images)
    if images.ndim not in ranks:
        raise ValueError(
            f"ops.image.{owner}: expected an input of rank {' or '.join(map(str, ranks))} "
            f"(one image or a batch), received shape {tuple(images.shape)}."
        )
    single = len(ranks) > 1 and images.ndim == ranks[0]
    return (images[None] if single else images), single


def _gaussian_1d(size, sigma, dtype):
    taps = jnp.arange(size, dtype=dtype) - (size - 1) / 2
    kernel = jnp.exp(-0.5 * jnp.square(taps / jnp.asarray(sigma, dtype)))
    return kernel / jnp.sum(kernel)


def _depthwise_nhwc(images, kernel_2d, padding):
    """Convolve every channel of an NHWC batch with the same 2-D kernel."""
    channels = images.shape[-1]
    kernel = jnp.broadcast_to(kernel_2d[:, :, None, None], (*kernel_2d.shape, 1, channels))
    return jax.lax.conv_general_dilated(
        images, kernel.astype(images.dtype), (1, 1), padding,
        dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=channels,
    )


def _to_nhwc(images, data_format):
    return images if data_format == "channels_last" else jnp.moveaxis(images, 1, -1)


def _from_nhwc(images, data_format):
    return images if data_format == "channels_last" else jnp.moveaxis(images, -1, 1)


@symbolic_aware
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blur each channel with a Gaussian kernel (zero padding, same size out).

    As in Keras, ``kernel_size[0]`` and ``sigma[0]`` apply along the width and
    ``kernel_size[1]`` and ``sigma[1]`` along the height.

    >>> import numpy as np
    >>> image = np.zeros((5, 5, 1), "float32"); image[2, 2] = 1.0
    >>> round(float(gaussian_blur(image, (5, 5), (1e3, 1e3))[2, 2, 0]), 4)
    0.04
    """
    data_format = data_format_of(data_format, "ops.image.gaussian_blur")
    images, single = _batch("gaussian_blur", images)
    dtype = images.dtype if jnp.issubdtype(images.dtype, jnp.floating) else jnp.float32
    kernel = jnp.outer(_gaussian_1d(kernel_size[1], sigma[1], dtype),
                       _gaussian_1d(kernel_size[0], sigma[0], dtype))
    out = _depthwise_nhwc(_to_nhwc(images, data_format).astype(dtype), kernel, "SAME")
    out = _from_nhwc(out, data_format)
    return out[0] if single else out


@symbolic_aware
def sobel_edges(images, data_format=None):
    """Sobel gradients of each channel of a batch, stacked on a new last axis as
    ``(vertical, horizontal)``: ``(batch, height, width, channels, 2)`` (channels first:
    ``(batch, channels, height, width, 2)``).

    >>> import numpy as np
    >>> ramp = np.tile(np.arange(4.0), (4, 1))[None, ..., None]
    >>> sobel_edges(ramp)[0, 1, 1, 0].tolist()
    [0.0, 8.0]
    """
    data_format = data_format_of(data_format, "ops.image.sobel_edges")
    images, _ = _batch("sobel_edges", images, ranks=(4,))
    nhwc = _to_nhwc(images, data_format)
    vertical = jnp.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], nhwc.dtype)
    edges = [_from_nhwc(_depthwise_nhwc(nhwc, k, "SAME"), data_format)
             for k in (vertical, vertical.T)]
    return jnp.stack(edges, axis=-1)


@symbolic_aware
def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    """Structural similarity index between two images (or batches), averaged over the
    valid (unpadded) Gaussian windows and the channels: one value per image.

    >>> import numpy as np
    >>> image = np.random.default_rng(0).uniform(size=(16, 16, 3)).astype("float32")
    >>> round(float(ssim(image, image)), 4)
    1.0
    """
    data_format = data_format_of(data_format, "ops.image.ssim")
    first, single = _batch("ssim", image1)
    second, _ = _batch("ssim", image2)
    dtype = first.dtype
    compute = dtype if jnp.issubdtype(dtype, jnp.inexact) else jnp.float32
    first = _to_nhwc(first, data_format).astype(compute)
    second = _to_nhwc(second, data_format).astype(compute)
    window = _gaussian_1d(filter_size, filter_sigma, compute)
    kernel = jnp.outer(window, window)

    def local_mean(values):
        return _depthwise_nhwc(values, kernel, "VALID")

    mu1, mu2 = local_mean(first), local_mean(second)
    var1 = local_mean(first * first) - mu1 * mu1
    var2 = local_mean(second * second) - mu2 * mu2
    covariance = local_mean(first * second) - mu1 * mu2
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    index = ((2 * mu1 * mu2 + c1) * (2 * covariance + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (var1 + var2 + c2)
    )
    result = jnp.mean(index, axis=(1, 2, 3)).astype(dtype)
    return result[0] if single else result


def _patches(owner, images, size, strides, dilation_rate, padding, data_format, rank):
    data_format = data_format_of(data_format, f"ops.image.{owner}")
    batch, single = _batch(owner, images, ranks=(rank + 1, rank + 2))
    size = (size,) * rank if isinstance(size, int) else tuple(size)
    if len(size) != rank:
        raise ValueError(
            f"ops.image.{owner}: size must be an int or {rank} ints, received {size!r}."
        )
    channels = batch.shape[-1] if data_format == "channels_last" else batch.shape[1]
    depth = channels
    for s in size:
        depth *= s
    kernel = jnp.eye(depth, dtype=batch.dtype).reshape(*size, channels, depth)
    out = conv.eager(batch, kernel, strides or size, padding, data_format, dilation_rate)
    return out[0] if single else out


@symbolic_aware
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Non-overlapping (or ``strides``-spaced) ``size`` patches of images, flattened into
    the channel axis: ``(batch, rows, cols, patch_h * patch_w * channels)``. A 3-tuple
    ``size`` extracts 3-D patches of volumes (as ``extract_patches_3d``).

    >>> import numpy as np
    >>> extract_patches(np.arange(16.0).reshape(4, 4, 1), 2)[0, 0].tolist()
    [0.0, 1.0, 4.0, 5.0]
    """
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d.eager(images, size, strides, dilation_rate, padding,
                                        data_format)
    return _patches("extract_patches", images, size, strides, dilation_rate, padding,
                    data_format, 2)


@symbolic_aware
def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    """3-D patches of volumes ``(batch, depth, height, width, channels)``, flattened into
    the channel axis.

    >>> import numpy as np
    >>> extract_patches_3d(np.ones((4, 4, 4, 2)), 2).shape
    (2, 2, 2, 16)
    """
    return _patches("extract_patches_3d", volumes, size, strides, dilation_rate, padding,
                    data_format, 3)
