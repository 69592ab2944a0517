"""``SimpleRNNCell`` and ``SimpleRNN``: ``h' = activation(x @ kernel + bias + h @ U)``.

>>> import numpy as np
>>> layer = SimpleRNN(4, return_sequences=True)
>>> layer(np.ones((2, 5, 3))).shape
(2, 5, 4)
>>> [w.name for w in layer.weights]
['kernel', 'recurrent_kernel', 'bias']
"""

from lamina._registry import register_builtin
from lamina.layers.rnn.cell_base import CellLayer, RecurrentCell
from lamina.layers.rnn.dropout_rnn_cell import masked_matmul


@register_builtin
class SimpleRNNCell(RecurrentCell):
    """One step of a fully-connected RNN: state ``h``, output ``h``.

    Args: ``units``, ``activation`` (``"tanh"``), ``use_bias``, initializers
    (``"glorot_uniform"``, ``"orthogonal"``, ``"zeros"``), regularizers, constraints,
    ``dropout``, ``recurrent_dropout`` (one mask per sequence), ``seed``.

    >>> import numpy as np
    >>> cell = SimpleRNNCell(2, kernel_initializer="ones", recurrent_initializer="zeros",
    ...                      activation=None)
    >>> h, _ = cell(np.ones((1, 3)))
    >>> h.tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )
        self.state_size = self.units

    def call(self, sequence, states=None, training=False):
        if states is None:
            states = self.get_initial_state(sequence.shape[0])
        nested = isinstance(states, (list, tuple))
        previous = states[0] if nested else states
        input_mask, recurrent_mask = self._dropout_masks(sequence, previous, training)
        h = masked_matmul(sequence, self.kernel.value, input_mask)
        if self.bias is not None:
            h = h + self.bias.value
        output = self.activation(
            h + masked_matmul(previous, self.recurrent_kernel.value, recurrent_mask)
        )
        return output, ([output] if nested else output)


@register_builtin
class SimpleRNN(CellLayer):
    """Fully-connected RNN layer: an ``RNN`` over a :class:`SimpleRNNCell`.

    Takes the cell's arguments and the ``RNN`` arguments; masks are consumed as in
    :class:`RNN`. The config keeps ``seed`` (Keras 3's SimpleRNN config leaves it out, so
    a reloaded layer would lose its dropout seed; Keras accepts the key).

    >>> import numpy as np
    >>> out, h = SimpleRNN(3, return_state=True)(np.ones((2, 4, 5)))
    >>> out.shape, h.shape
    ((2, 3), (2, 3))
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="simple_rnn_cell",
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )
