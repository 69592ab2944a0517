"""Cases for the convolution layers and the (non-global) pooling layers.

Keras conv and pooling layers do not support masking, so all of them refuse a mask.
"""

from cases import LayerCase

_SEQ = (2, 6, 3)
_IMAGE = (2, 5, 5, 2)
_VOLUME = (2, 4, 4, 4, 2)


def _refuse(init, shape):
    return LayerCase(init, input_shape=shape, mask="refuse")


_CONV = {
    "Conv1D": _refuse({"filters": 4, "kernel_size": 3, "padding": "causal"}, _SEQ),
    "Conv2D": _refuse({"filters": 4, "kernel_size": 3, "padding": "same"}, _IMAGE),
    "Conv3D": _refuse({"filters": 3, "kernel_size": 2}, _VOLUME),
    "Conv1DTranspose": _refuse({"filters": 4, "kernel_size": 3, "strides": 2}, _SEQ),
    "Conv2DTranspose": _refuse({"filters": 4, "kernel_size": 3, "strides": 2,
                                "padding": "same"}, _IMAGE),
    "Conv3DTranspose": _refuse({"filters": 3, "kernel_size": 2, "strides": 2}, _VOLUME),
    "DepthwiseConv1D": _refuse({"kernel_size": 3, "depth_multiplier": 2}, _SEQ),
    "DepthwiseConv2D": _refuse({"kernel_size": 3, "depth_multiplier": 2}, _IMAGE),
    "SeparableConv1D": _refuse({"filters": 4, "kernel_size": 3}, _SEQ),
    "SeparableConv2D": _refuse({"filters": 4, "kernel_size": 3}, _IMAGE),
}
_ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool1D": "MaxPooling1D",
    "MaxPool2D": "MaxPooling2D",
    "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D",
    "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
}
_POOL = {
    "MaxPooling1D": _refuse({"pool_size": 2}, _SEQ),
    "MaxPooling2D": _refuse({"pool_size": 2, "padding": "same"}, _IMAGE),
    "MaxPooling3D": _refuse({"pool_size": 2}, _VOLUME),
    "AveragePooling1D": _refuse({"pool_size": 3, "strides": 1, "padding": "same"}, _SEQ),
    "AveragePooling2D": _refuse({"pool_size": 2}, _IMAGE),
    "AveragePooling3D": _refuse({"pool_size": 2, "padding": "same"}, _VOLUME),
}

_POOL.update({
    "AdaptiveAveragePooling1D": _refuse({"output_size": 4}, _SEQ),
    "AdaptiveAveragePooling2D": _refuse({"output_size": (2, 3)}, _IMAGE),
    "AdaptiveAveragePooling3D": _refuse({"output_size": 2, "data_format": "channels_first"},
                                        _VOLUME),
    "AdaptiveMaxPooling1D": _refuse({"output_size": 4}, _SEQ),
    "AdaptiveMaxPooling2D": _refuse({"output_size": (2, 3)}, _IMAGE),
    "AdaptiveMaxPooling3D": _refuse({"output_size": 3}, _VOLUME),
})

CASES = {**_CONV, **_POOL}
CASES.update({alias: CASES[name] for alias, name in _ALIASES.items()})
