"""``ConvLSTM1D``: 1-D convolutional LSTM layer (Keras 3 ``ConvLSTM1D``).

>>> import numpy as np
>>> ConvLSTM1D(2, 3, padding="same")(np.ones((1, 4, 6, 3), "float32")).shape
(1, 6, 2)
"""

from lamina._registry import register_builtin
from lamina.layers.convolutional.base_conv import forward_args
from lamina.layers.rnn.conv_lstm import ConvLSTM


@register_builtin
class ConvLSTM1D(ConvLSTM):
    """An LSTM whose input and recurrent transformations are 1-D convolutions.

    Inputs are ``(batch, time, steps, channels)`` (``(batch, time, channels, steps)`` with
    ``data_format="channels_first"``); the output is ``(batch, [time,] new_steps, filters)``
    (time only with ``return_sequences``), and ``[output, h, c]`` with ``return_state``.
    Weights: ``kernel`` ``kernel_size + (channels, 4 * filters)``, ``recurrent_kernel``
    ``kernel_size + (filters, 4 * filters)``, ``bias`` ``(4 * filters,)``, gates in the
    order ``i, f, c, o`` (Keras 3 layout).

    Args: see :class:`~lamina.layers.rnn.conv_lstm.ConvLSTM` (all but ``rank``).
    Masks: a ``(batch, time)`` mask is consumed (masked steps keep the states);
    ``return_sequences=True`` keeps it on the output.

    >>> import numpy as np
    >>> layer = ConvLSTM1D(2, 3, return_sequences=True, return_state=True)
    >>> out, h, c = layer(np.ones((2, 4, 6, 3), "float32"))
    >>> out.shape, h.shape, [tuple(w.shape) for w in layer.weights]
    ((2, 4, 4, 2), (2, 4, 2), [(3, 3, 8), (3, 2, 8), (8,)])
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
        super().__init__(rank=1, **forward_args(locals()))
