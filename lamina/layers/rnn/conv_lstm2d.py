"""``ConvLSTM2D``: 2-D convolutional LSTM layer (Keras 3 ``ConvLSTM2D``).

>>> import numpy as np
>>> ConvLSTM2D(2, 3)(np.ones((1, 3, 5, 5, 1), "float32")).shape
(1, 3, 3, 2)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.rnn.conv_lstm import ConvLSTM


@register_builtin
class ConvLSTM2D(ConvLSTM):
    """An LSTM whose input and recurrent transformations are 2-D convolutions.

    Inputs are ``(batch, time, rows, cols, channels)`` (``(batch, time, channels, rows,
    cols)`` with ``data_format="channels_first"``); the output is ``(batch, [time,]
    new_rows, new_cols, filters)`` (time only with ``return_sequences``), and ``[output, h,
    c]`` with ``return_state``. Weights: ``kernel`` ``kernel_size + (channels, 4 *
    filters)``, ``recurrent_kernel`` ``kernel_size + (filters, 4 * filters)``, ``bias`` ``(4
    * filters,)``, gates in the order ``i, f, c, o`` (Keras 3 layout).

    Args: see :class:`~lamina.layers.rnn.conv_lstm.ConvLSTM` (all but ``rank``).
    Masks: a ``(batch, time)`` mask is consumed (masked steps keep the states);
    ``return_sequences=True`` keeps it on the output.

    >>> import numpy as np
    >>> layer = ConvLSTM2D(2, 3, padding="same", data_format="channels_first")
    >>> layer(np.ones((1, 3, 1, 4, 4), "float32")).shape
    (1, 2, 4, 4)
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        super().__init__(rank=2, **forward_args(locals()))
