"""``Conv1D``: 1-D convolution layer (Keras 3 ``Conv1D``).

>>> import numpy as np
>>> Conv1D(3, 3)(np.ones((1, 6, 2), "float32")).shape
(1, 4, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import BaseConv, forward_args


@register_builtin(names=("Convolution1D",))
class Conv1D(BaseConv):
    """1-D convolution: a kernel of shape ``kernel_size + (in_channels // groups, filters)``
    slides along the time axis of the input (cross-correlation), then bias and
    activation are applied.

    Args: see :class:`~lamina.layers.convolutional.base_conv.BaseConv`. ``padding`` is
    ``"valid"``, ``"same"`` or ``"causal"`` (left padding only, so ``output[t]`` depends
    on ``input[:t + 1]``: temporal models such as WaveNet).

    >>> import numpy as np
    >>> layer = Conv1D(2, 3, padding="same", data_format="channels_first", use_bias=False)
    >>> layer(np.ones((1, 2, 6), "float32")).shape
    (1, 2, 6)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=1, **forward_args(locals()))
