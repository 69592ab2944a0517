"""``img_to_array`` / ``array_to_img``: between PIL images and numpy arrays (Keras 3).

PIL (Pillow) is optional: only ``array_to_img`` needs it, and imports it when called.
"""

import numpy as np

from lamina import config


def _data_format(data_format, owner):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last' or 'channels_first', received "
            f"{data_format!r}."
        )
    return data_format


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image (or anything ``np.asarray`` reads) as a rank-3 array: ``(height,
    width, channels)``, or ``(channels, height, width)`` with ``"channels_first"``. A
    grayscale 2-D image gets a channel axis of 1. ``dtype`` defaults to ``floatx()``.

    >>> img_to_array([[0, 255], [255, 0]]).shape
    (2, 2, 1)
    >>> img_to_array(np.zeros((4, 5, 3)), data_format="channels_first").shape
    (3, 4, 5)
    """
    data_format = _data_format(data_format, "img_to_array")
    x = np.asarray(img, dtype=config.floatx() if dtype is None else dtype)
    if x.ndim == 2:
        return x[None] if data_format == "channels_first" else x[..., None]
    if x.ndim != 3:
        raise ValueError(
            f"img_to_array: expected a 2-D (grayscale) or 3-D image, received shape {x.shape}."
        )
    return x.transpose(2, 0, 1) if data_format == "channels_first" else x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A rank-3 image array as a PIL image (needs Pillow).

    With ``scale=True`` the values are stretched to 0..255 first (minimum to 0, maximum
    to 255). 1 channel gives a grayscale ``"L"`` image (``"I"`` when values exceed 255),
    3 an ``"RGB"`` and 4 an ``"RGBA"`` image.

    >>> image = array_to_img(np.random.rand(4, 6, 3))
    >>> image.size, image.mode
    ((6, 4), 'RGB')
    """
    data_format = _data_format(data_format, "array_to_img")
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "array_to_img needs Pillow to build the image: pip install pillow."
        ) from None
    x = np.array(x, dtype=config.floatx() if dtype is None else dtype)
    if x.ndim != 3:
        raise ValueError(
            f"array_to_img: expected one image of rank 3, received an array of shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    if channels in (3, 4):
        return Image.fromarray(x.astype("uint8"), "RGB" if channels == 3 else "RGBA")
    if channels == 1:
        if np.max(x) > 255:
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        f"array_to_img: images need 1, 3 or 4 channels, received {channels} (shape "
        f"{x.shape}, data_format={data_format!r})."
    )
