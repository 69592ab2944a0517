"""``UpSampling3D``: repeat entries of volumes along their three spatial axes.

>>> import numpy as np
>>> UpSampling3D((1, 2, 3))(np.zeros((1, 2, 2, 2, 4))).shape
(1, 2, 4, 6, 4)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format


@register_builtin
class UpSampling3D(Layer):
    """Nearest-neighbour up-sampling of the three spatial axes of 5D inputs.

    Args:
        size: int or ``(dim1, dim2, dim3)`` factors (positive ints).
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.

    Masks: a mask covers the leading axes of the input; every covered spatial axis is
    repeated like the input.

    >>> import numpy as np
    >>> UpSampling3D()(np.zeros((1, 1, 2, 3, 1))).shape
    (1, 2, 4, 6, 1)
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        owner = f"UpSampling3D '{self.name}'"
        self.data_format = standardize_data_format(data_format, owner)
        self.size = _spatial.standardize_tuple(size, 3, owner, "size", allow_zero=False)
        self.input_spec = InputSpec(ndim=5)
        self.built = True

    def _factors(self):
        return dict(zip(_spatial.spatial_axes(5, self.data_format), self.size))

    def call(self, inputs):
        for axis, factor in self._factors().items():
            inputs = jnp.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_mask(self, inputs, mask=None):
        owner = f"UpSampling3D '{self.name}'"
        return _spatial.repeat_mask(mask, inputs, self._factors(), owner)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in self._factors().items():
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
