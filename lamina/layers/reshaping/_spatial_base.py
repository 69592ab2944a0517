"""Private bases of the cropping / zero-padding / up-sampling layers (1D, 2D and 3D).

A concrete layer sets ``_rank`` (its number of spatial axes), keeps its own
``__init__`` signature and docstring, and calls ``_configure``; the family base
(``_Cropping``, ``_ZeroPadding``, ``_UpSampling``) supplies ``call``, ``compute_mask``,
``compute_output_shape`` and ``get_config``. A rank-1 layer stores one amount (a pair,
or an int factor) for its single spatial axis; the others store one per axis.

>>> import numpy as np
>>> class _Pad2D(_ZeroPadding):
...     _rank = 2
...     def __init__(self, padding=1, data_format=None, **kwargs):
...         super().__init__(**kwargs)
...         self._configure(padding, data_format)
>>> _Pad2D(data_format="channels_first")(np.ones((1, 3, 2, 2))).shape
(1, 3, 4, 4)
"""

import jax.numpy as jnp

from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format

# ``_configure`` without a data_format: the layer has no ``data_format`` argument
# (``Cropping1D``, ``UpSampling1D``), so its spatial axis is always axis 1.
_NO_DATA_FORMAT = object()


class _SpatialLayer(Layer):
    """Validates the per-axis argument named ``_argument`` and maps it onto input axes."""

    _rank = 1
    _argument = ""

    @property
    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    def _standardize(self, value):
        raise NotImplementedError

    def _configure(self, value, data_format=_NO_DATA_FORMAT):
        """Set ``data_format`` (when the layer takes one), the argument and the input spec."""
        if data_format is not _NO_DATA_FORMAT:
            self.data_format = standardize_data_format(data_format, self._owner)
        setattr(self, self._argument, self._standardize(value))
        self.input_spec = InputSpec(ndim=self._rank + 2)
        self.built = True

    def _per_axis(self):
        """``{input axis: amount}`` for every spatial axis."""
        value = getattr(self, self._argument)
        amounts = (value,) if self._rank == 1 else value
        data_format = getattr(self, "data_format", "channels_last")
        return dict(zip(_spatial.spatial_axes(self._rank + 2, data_format), amounts))

    def get_config(self):
        config = {**super().get_config(), self._argument: getattr(self, self._argument)}
        if hasattr(self, "data_format"):
            config["data_format"] = self.data_format
        return config


class _BorderLayer(_SpatialLayer):
    """Cropping / padding: rank 1 takes one ``(before, after)`` pair, else one per axis."""

    def _standardize(self, value):
        if self._rank == 1:
            return _spatial.standardize_tuple(value, 2, self._owner, self._argument)
        return _spatial.standardize_pairs(value, self._rank, self._owner, self._argument)


class _Cropping(_BorderLayer):
    _argument = "cropping"

    def call(self, inputs):
        return _spatial.crop(inputs, self._per_axis(), self._owner)

    def compute_mask(self, inputs, mask=None):
        return _spatial.crop_mask(mask, inputs, self._per_axis(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.cropped_shape(input_shape, self._per_axis(), self._owner)


class _ZeroPadding(_BorderLayer):
    _argument = "padding"

    def call(self, inputs):
        return _spatial.pad(inputs, self._per_axis())

    def compute_mask(self, inputs, mask=None):
        return _spatial.pad_mask(mask, inputs, self._per_axis(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.padded_shape(input_shape, self._per_axis())


class _UpSampling(_SpatialLayer):
    """Nearest-neighbour repetition; a layer with ``interpolation`` overrides ``call``."""

    _argument = "size"

    def _standardize(self, value):
        if self._rank > 1:
            return _spatial.standardize_tuple(value, self._rank, self._owner, "size",
                                              allow_zero=False)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(
                f"{self._owner}: size must be a positive int, received size={value!r}."
            )
        return value

    def call(self, inputs):
        for axis, factor in self._per_axis().items():
            inputs = jnp.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_mask(self, inputs, mask=None):
        interpolation = getattr(self, "interpolation", "nearest")
        return _spatial.repeat_mask(mask, inputs, self._per_axis(), self._owner, interpolation)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in self._per_axis().items():
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return tuple(shape)
