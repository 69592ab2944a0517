"""Cases for the normalization (group, unit, spectral, Normalization), reshaping
(permute, repeat, crop, pad, up-sample), regularization and activation layers."""

from collections.abc import Mapping

from cases import LayerCase
from lamina.layers.core.dense import Dense


class _WithFreshLayer(Mapping):
    """Constructor kwargs whose ``layer`` entry is a new Dense on every read, so the
    harness's fresh wrapper instances never share a wrapped layer."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs

    def __getitem__(self, key):
        return Dense(3) if key == "layer" else self._kwargs[key]

    def __iter__(self):
        return iter(["layer", *self._kwargs])

    def __len__(self):
        return 1 + len(self._kwargs)


_IMAGE = (2, 3, 4, 2)
_VOLUME = (2, 3, 4, 3, 2)
_TRAIN = {"training": True}

CASES = {
    # normalization
    "GroupNormalization": LayerCase({"groups": 2}, mask="pass"),
    "UnitNormalization": LayerCase({"axis": [1, 2]}, mask="pass"),
    "SpectralNormalization": LayerCase(_WithFreshLayer(power_iterations=2), mask="pass",
                                       call_kwargs=_TRAIN),
    "Normalization": LayerCase({"axis": -1}, mask="pass"),
    "RMSNormalization": LayerCase({"axis": -1}, mask="pass"),
    # reshaping
    "Permute": LayerCase({"dims": (2, 1)}, mask="refuse"),
    "RepeatVector": LayerCase({"n": 3}, input_shape=(2, 4), mask="refuse"),
    "Cropping1D": LayerCase({"cropping": (1, 0)}, mask="compute"),
    "Cropping2D": LayerCase({"cropping": ((1, 0), (1, 2))}, input_shape=_IMAGE,
                            mask="compute"),
    "Cropping3D": LayerCase({"cropping": 1}, input_shape=_VOLUME, mask="compute"),
    "ZeroPadding1D": LayerCase({"padding": (2, 1)}, mask="compute"),
    "ZeroPadding2D": LayerCase({"padding": (1, 2)}, input_shape=_IMAGE, mask="compute"),
    "ZeroPadding3D": LayerCase({}, input_shape=_VOLUME, mask="compute"),
    "UpSampling1D": LayerCase({"size": 2}, mask="compute"),
    "UpSampling2D": LayerCase({"interpolation": "bilinear"}, input_shape=_IMAGE,
                              mask="refuse"),
    "UpSampling3D": LayerCase({"size": (1, 2, 1)}, input_shape=_VOLUME, mask="compute"),
    # regularization (random layers run their training path under jit too)
    "SpatialDropout1D": LayerCase({"rate": 0.5, "seed": 1}, mask="pass", call_kwargs=_TRAIN),
    "SpatialDropout2D": LayerCase({"rate": 0.5}, input_shape=_IMAGE, mask="pass",
                                  call_kwargs=_TRAIN),
    "SpatialDropout3D": LayerCase({"rate": 0.5, "data_format": "channels_first"},
                                  input_shape=_VOLUME, mask="pass", call_kwargs=_TRAIN),
    "GaussianNoise": LayerCase({"stddev": 0.1, "seed": 2}, mask="pass", call_kwargs=_TRAIN),
    "GaussianDropout": LayerCase({"rate": 0.3}, mask="pass", call_kwargs=_TRAIN),
    "AlphaDropout": LayerCase({"rate": 0.2, "noise_shape": (None, 1, 4)}, mask="pass",
                              call_kwargs=_TRAIN),
    "ActivityRegularization": LayerCase({"l1": 0.01, "l2": 0.02}, mask="pass"),
    # activations
    "ReLU": LayerCase({"max_value": 2.0, "negative_slope": 0.1}, mask="pass"),
    "LeakyReLU": LayerCase({}, mask="pass"),
    "PReLU": LayerCase({"shared_axes": [1]}, mask="pass"),
    "ELU": LayerCase({"alpha": 0.5}, mask="pass"),
    "Softmax": LayerCase({}, mask="pass"),
}
