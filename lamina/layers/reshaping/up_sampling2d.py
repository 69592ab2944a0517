"""``UpSampling2D``: enlarge images by integer factors (nearest or interpolated).

>>> import numpy as np
>>> UpSampling2D((2, 3))(np.zeros((1, 2, 2, 4))).shape
(1, 4, 6, 4)
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


@register_builtin
class UpSampling2D(Layer):
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

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        owner = f"UpSampling2D '{self.name}'"
        self.data_format = standardize_data_format(data_format, owner)
        self.size = _spatial.standardize_tuple(size, 2, owner, "size", allow_zero=False)
        value = str(interpolation).lower()
        if value not in INTERPOLATIONS:
            raise ValueError(
                f"{owner}: interpolation must be one of {list(INTERPOLATIONS)}, received "
                f"interpolation={interpolation!r}."
            )
        self.interpolation = value
        self.input_spec = InputSpec(ndim=4)
        self.built = True

    def _factors(self):
        return dict(zip(_spatial.spatial_axes(4, self.data_format), self.size))

    def call(self, inputs):
        factors = self._factors()
        if self.interpolation == "nearest":
            for axis, factor in factors.items():
                inputs = jnp.repeat(inputs, factor, axis=axis)
            return inputs
        shape = list(inputs.shape)
        for axis, factor in factors.items():
            shape[axis] *= factor
        resized = jax.image.resize(inputs, tuple(shape), method=self.interpolation,
                                   antialias=False)
        return resized.astype(inputs.dtype)

    def compute_mask(self, inputs, mask=None):
        return _spatial.repeat_mask(mask, inputs, self._factors(),
                                    f"UpSampling2D '{self.name}'", self.interpolation)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in self._factors().items():
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}
