"""``ConvLSTM``: the N-D convolutional LSTM layer behind ``ConvLSTM1D/2D/3D``.

An :class:`~lamina.layers.rnn.rnn.RNN` over a
:class:`~lamina.layers.rnn.conv_lstm_cell.ConvLSTMCell` whose config lists the cell's
arguments (as Keras' ``ConvLSTM`` configs, which carry no ``cell`` key).

>>> import numpy as np
>>> layer = ConvLSTM(1, filters=2, kernel_size=3, padding="same", return_sequences=True)
>>> layer(np.ones((1, 4, 6, 3), "float32")).shape
(1, 4, 6, 2)
"""

from lamina import regularizers
from lamina.layers.input_spec import InputSpec
from lamina.layers.rnn.conv_lstm_cell import ConvLSTMCell, conv_lstm_arguments
from lamina.layers.rnn.rnn import RNN, cell_property


class ConvLSTM(RNN):
    """Convolutional LSTM over ``(batch, time, spatial..., channels)`` sequences
    (``(batch, time, channels, spatial...)`` with ``data_format="channels_first"``).

    Args:
        rank: number of spatial axes (1, 2 or 3).
        filters, kernel_size, strides, padding, data_format, dilation_rate, activation,
            recurrent_activation, use_bias, initializers, unit_forget_bias, regularizers,
            constraints, dropout, recurrent_dropout, seed: the cell's arguments (see
            :class:`~lamina.layers.rnn.conv_lstm_cell.ConvLSTMCell`).
        activity_regularizer: applied to the layer's output.
        return_sequences, return_state, go_backwards, stateful: as in ``RNN`` (``unroll``
            and ``zero_output_for_mask`` may be passed as keywords too).

    The output is ``h``: ``(batch, [time,] out_spatial..., filters)``; with
    ``return_state`` the layer returns ``[output, h, c]``. The spatial sizes of the input
    must be static. Masks as ``RNN``: a ``(batch, time)`` mask is consumed (masked steps
    keep the states); ``return_sequences=True`` keeps it on the output.

    >>> import numpy as np
    >>> out, h, c = ConvLSTM(2, filters=1, kernel_size=2, return_state=True)(
    ...     np.ones((1, 3, 4, 4, 2), "float32"))
    >>> out.shape, h.shape, c.shape
    ((1, 3, 3, 1), (1, 3, 3, 1), (1, 3, 3, 1))
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(
            rank, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="conv_lstm_cell",
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful,
            activity_regularizer=activity_regularizer, **kwargs,
        )
        self.rank = rank
        self.input_spec = InputSpec(ndim=rank + 3)

    def _check_rank(self, sequences_shape):
        if len(tuple(sequences_shape)) != self.rank + 3:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': inputs must have rank {self.rank + 3} "
                f"(batch, time, {self.rank} spatial axes and channels), received shape "
                f"{tuple(sequences_shape)}."
            )

    def build(self, sequences_shape, initial_state_shape=None):
        self._check_rank(sequences_shape)
        super().build(sequences_shape, initial_state_shape)

    def _initial_output(self, flat_states, sequences):
        # What a masked leading step outputs: the initial h (a feature map here).
        return flat_states[0].astype(self.compute_dtype)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        self._check_rank(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        step, _ = self.cell.compute_output_shape((batch, *sequences_shape[2:]))
        state = step
        output = (batch, steps, *step[1:]) if self.return_sequences else state
        if self.return_state:
            return output, state, state
        return output

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(conv_lstm_arguments(self.cell))
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # The cell's arguments, readable on the layer as in Keras (``ConvLSTM2D(4, 3).filters``).
    filters = cell_property("filters")
    kernel_size = cell_property("kernel_size")
    strides = cell_property("strides")
    padding = cell_property("padding")
    data_format = cell_property("data_format")
    dilation_rate = cell_property("dilation_rate")
    activation = cell_property("activation")
    recurrent_activation = cell_property("recurrent_activation")
    use_bias = cell_property("use_bias")
    kernel_initializer = cell_property("kernel_initializer")
    recurrent_initializer = cell_property("recurrent_initializer")
    bias_initializer = cell_property("bias_initializer")
    unit_forget_bias = cell_property("unit_forget_bias")
    kernel_regularizer = cell_property("kernel_regularizer")
    recurrent_regularizer = cell_property("recurrent_regularizer")
    bias_regularizer = cell_property("bias_regularizer")
    kernel_constraint = cell_property("kernel_constraint")
    recurrent_constraint = cell_property("recurrent_constraint")
    bias_constraint = cell_property("bias_constraint")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")
