"""``LSTMCell`` and ``LSTM`` (Hochreiter & Schmidhuber, 1997), Keras 3 weight layout.

``kernel`` is ``(input_dim, 4 * units)``, ``recurrent_kernel`` ``(units, 4 * units)`` and
``bias`` ``(4 * units,)``, each split into the gates in the order input, forget, cell,
output (``i, f, c, o``).

>>> import numpy as np
>>> layer = LSTM(4)
>>> layer(np.ones((2, 5, 3))).shape
(2, 4)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 16), (4, 16), (16,)]
"""

import jax.numpy as jnp

from lamina import activations, initializers
from lamina._registry import register_builtin
from lamina.layers.rnn.cell_base import CellLayer, RecurrentCell
from lamina.layers.rnn.dropout_rnn_cell import masked_matmul
from lamina.layers.rnn.rnn import cell_property


@register_builtin
class LSTMCell(RecurrentCell):
    """One step of an LSTM: states ``[h, c]``, output ``h``.

    ``z = x @ kernel + h @ recurrent_kernel + bias`` is computed with one matmul per
    operand for all four gates, then ``i, f, o = recurrent_activation(...)``,
    ``c' = f * c + i * activation(z_c)``, ``h' = o * activation(c')``.

    Args:
        units: size of ``h`` and ``c``.
        activation: default ``"tanh"``; recurrent_activation: default ``"sigmoid"``.
        use_bias; kernel_initializer (``"glorot_uniform"``); recurrent_initializer
            (``"orthogonal"``); bias_initializer (``"zeros"``).
        unit_forget_bias: add 1 to the forget gate's bias at initialization.
        kernel/recurrent/bias regularizers and constraints.
        dropout, recurrent_dropout: fractions of the inputs / of ``h`` dropped while
            training, with masks drawn once per sequence (one per gate when
            ``recurrent_dropout > 0``, as Keras' ``implementation=1``).
        seed: seed of the dropout masks.

    Calling the cell without ``states`` starts from zeros (Keras requires them).

    >>> import numpy as np
    >>> h, (h_again, c) = LSTMCell(2)(np.ones((1, 3)))
    >>> h.shape, c.shape
    ((1, 2), (1, 2))
    """

    gates = 4
    extra_config_keys = ("recurrent_activation", "unit_forget_bias")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.implementation = 1 if self.recurrent_dropout > 0 else implementation
        self.dropout_mask_count = 4 if self.implementation == 1 else None
        self.state_size = [self.units, self.units]

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units, base = self.units, self.bias_initializer
        ones = initializers.get("ones")

        def forget_bias_ones(shape, dtype=None):
            return jnp.concatenate(
                [base((units,), dtype), ones((units,), dtype), base((2 * units,), dtype)]
            )

        return forget_bias_ones

    def call(self, inputs, states=None, training=False):
        if states is None:
            states = self.get_initial_state(inputs.shape[0])
        h, c = states[0], states[1]
        input_mask, recurrent_mask = self._dropout_masks(inputs, h, training)
        z = masked_matmul(inputs, self.kernel.value, input_mask)
        z = z + masked_matmul(h, self.recurrent_kernel.value, recurrent_mask)
        if self.bias is not None:
            z = z + self.bias.value
        z_i, z_f, z_c, z_o = jnp.split(z, 4, axis=-1)
        gate = self.recurrent_activation
        c = gate(z_f) * c + gate(z_i) * self.activation(z_c)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]


@register_builtin
class LSTM(CellLayer):
    """Long Short-Term Memory layer: an ``RNN`` over an :class:`LSTMCell`.

    Takes the cell's arguments (see :class:`LSTMCell`) and the ``RNN`` arguments
    (``return_sequences``, ``return_state``, ``go_backwards``, ``stateful``, ``unroll``);
    ``use_cudnn`` is accepted for Keras compatibility (``True`` raises: there is no cuDNN
    kernel, one ``lax.scan`` runs everywhere). With ``return_state`` the outputs are
    ``[output, h, c]``.

    Masks: consumed (see :class:`RNN`): masked steps keep the states and repeat the
    previous output; ``return_sequences=True`` keeps the mask, ``False`` ends it.

    >>> import numpy as np
    >>> out, h, c = LSTM(3, return_state=True)(np.ones((2, 4, 5)))
    >>> out.shape, h.shape, c.shape
    ((2, 3), (2, 3), (2, 3))
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="lstm_cell",
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, use_cudnn=use_cudnn, **kwargs,
        )

    recurrent_activation = cell_property("recurrent_activation")
    unit_forget_bias = cell_property("unit_forget_bias")
