"""``GRUCell`` and ``GRU`` (Cho et al., 2014), Keras 3 weight layout.

``kernel`` is ``(input_dim, 3 * units)`` and ``recurrent_kernel`` ``(units, 3 * units)``,
split into the update, reset and candidate gates in that order (``z, r, h``). With
``reset_after=True`` (the default, cuDNN's convention) ``bias`` is ``(2, 3 * units)``: row
0 for the inputs, row 1 for the recurrent part; otherwise it is ``(3 * units,)``.

>>> import numpy as np
>>> layer = GRU(4)
>>> layer(np.ones((2, 5, 3))).shape
(2, 4)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 12), (4, 12), (2, 12)]
"""

import jax.numpy as jnp

from lamina import activations
from lamina._registry import register_builtin
from lamina.layers.rnn.cell_base import CellLayer, RecurrentCell
from lamina.layers.rnn.dropout_rnn_cell import gate_mask, masked_matmul
from lamina.layers.rnn.rnn import cell_property


@register_builtin
class GRUCell(RecurrentCell):
    """One step of a GRU: state ``h``, output ``h``.

    ``z = σ(x W_z + h U_z)``, ``r = σ(x W_r + h U_r)``; the candidate is
    ``tanh(x W_h + r * (h U_h))`` with ``reset_after=True`` (reset applied after the
    recurrent matmul) or ``tanh(x W_h + (r * h) U_h)`` otherwise; then
    ``h' = z * h + (1 - z) * candidate``. Biases are added to each projection.

    Args: as :class:`~lamina.layers.LSTMCell` (without ``unit_forget_bias``), plus
        ``reset_after``.

    >>> import numpy as np
    >>> h, new_states = GRUCell(2)(np.ones((1, 3)))
    >>> h.shape
    (1, 2)
    """

    gates = 3
    extra_config_keys = ("recurrent_activation", "reset_after")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True,
                 seed=None, **kwargs):
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
        self.reset_after = bool(reset_after)
        self.implementation = 1 if self.recurrent_dropout > 0 else implementation
        self.dropout_mask_count = 3 if self.implementation == 1 else None
        self.state_size = self.units

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states=None, training=False):
        if states is None:
            states = self.get_initial_state(inputs.shape[0])
        nested = isinstance(states, (list, tuple))
        h = states[0] if nested else states
        units, gate = self.units, self.recurrent_activation
        input_mask, recurrent_mask = self._dropout_masks(inputs, h, training)
        bias = self.bias.value if self.bias is not None else None
        input_bias = recurrent_bias = None
        if bias is not None:
            input_bias, recurrent_bias = (bias[0], bias[1]) if self.reset_after else (bias, None)
        x = masked_matmul(inputs, self.kernel.value, input_mask)
        if input_bias is not None:
            x = x + input_bias
        x_z, x_r, x_h = jnp.split(x, 3, axis=-1)
        kernel = self.recurrent_kernel.value
        if self.reset_after:
            inner = masked_matmul(h, kernel, recurrent_mask)
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
            r_z, r_r, r_h = jnp.split(inner, 3, axis=-1)
            z, r = gate(x_z + r_z), gate(x_r + r_r)
            recurrent_h = r * r_h
        else:
            zr_mask = recurrent_mask
            if recurrent_mask is not None and recurrent_mask.ndim == 3:
                zr_mask = recurrent_mask[:2]
            inner = masked_matmul(h, kernel[:, : 2 * units], zr_mask)
            r_z, r_r = jnp.split(inner, 2, axis=-1)
            z, r = gate(x_z + r_z), gate(x_r + r_r)
            h_mask = gate_mask(recurrent_mask, 2)
            h_in = h if h_mask is None else h * h_mask
            recurrent_h = (r * h_in) @ kernel[:, 2 * units:]
        candidate = self.activation(x_h + recurrent_h)
        new_h = z * h + (1 - z) * candidate
        return new_h, ([new_h] if nested else new_h)


@register_builtin
class GRU(CellLayer):
    """Gated Recurrent Unit layer: an ``RNN`` over a :class:`GRUCell`.

    Takes the cell's arguments (see :class:`GRUCell`; ``reset_after=True`` by default)
    and the ``RNN`` arguments. With ``return_state`` the outputs are ``[output, h]``.
    Masks are consumed as in :class:`RNN`.

    >>> import numpy as np
    >>> GRU(3, return_sequences=True, reset_after=False)(np.ones((2, 4, 5))).shape
    (2, 4, 3)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 use_cudnn="auto", **kwargs):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="gru_cell", implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, use_cudnn=use_cudnn, **kwargs,
        )

    recurrent_activation = cell_property("recurrent_activation")
    reset_after = cell_property("reset_after")
