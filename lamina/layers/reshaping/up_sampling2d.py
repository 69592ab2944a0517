"""``UpSampling2D``: enlarge images by integer factors (nearest or interpolated).

>>> import numpy as np
>>> UpSampling2D((2, 3))(np.zeros((1, 2, 2, 4))).shape
(1, 4, 6, 4)
"""

import jax

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _UpSampling

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


@register_builtin
class UpSampling2D(_UpSampling):
    """Up-samples the height and width axes of 4D inputs.

    Args:
        size: int or ``(height_factor, width_factor)`` of positive ints.
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.
        interpolation: ``"nearest"`` (repeat rows and columns) or one of
            ``"bilinear"``, ``"bicubic"``, ``"lanczos3"``, ``"lanczos5"`` (a resize with
            half-pixel centers and no antialiasing, as Keras' JAX backend does).

    Masks: a mask covers the leading axes of the input. With ``"nearest"`` a covered
    spatial axis is repeated like the input; the other interpolations blend
    neighbouring positions, so a mask covering a spatial axis raises
    ``MaskNotSupportedError``.

    >>> import numpy as np
    >>> x = np.array([[0.0, 1.0]]).reshape(1, 1, 2, 1)
    >>> UpSampling2D((1, 2), interpolation="bilinear")(x)[0, 0, :, 0].tolist()
    [0.0, 0.25, 0.75, 1.0]
    """

    _rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self._configure(size, data_format)
        value = str(interpolation).lower()
        if value not in INTERPOLATIONS:
            raise ValueError(
                f"{self._owner}: interpolation must be one of {list(INTERPOLATIONS)}, "
                f"received interpolation={interpolation!r}."
            )
        self.interpolation = value

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        shape = list(inputs.shape)
        for axis, factor in self._per_axis().items():
            shape[axis] *= factor
        resized = jax.image.resize(inputs, tuple(shape), method=self.interpolation,
                                   antialias=False)
        return resized.astype(inputs.dtype)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation}
