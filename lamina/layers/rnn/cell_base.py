"""Shared pieces of the built-in cells (SimpleRNN, LSTM, GRU) and of their layers.

``RecurrentCell`` holds the arguments every built-in cell takes (activation,
initializers, regularizers, constraints, dropout rates, seed) and creates the Keras 3
weights ``kernel``, ``recurrent_kernel`` and ``bias``. ``CellLayer`` is an ``RNN`` whose
config is the cell's arguments (Keras' ``LSTM``/``GRU``/``SimpleRNN`` configs carry no
``cell`` key).
"""

import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina.core.random import SeedGenerator
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.rnn.dropout_rnn_cell import DropoutRNNCell, check_rate, check_units
from lamina.layers.rnn.rnn import RNN, cell_property

#: Config keys every built-in cell shares, in Keras' order.
COMMON_CELL_KEYS = (
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout", "seed",
)


class RecurrentCell(Layer, DropoutRNNCell):
    """Base of the built-in cells: common arguments, weights and config.

    Subclasses set ``gates`` (how many ``units``-wide blocks the kernels hold) and
    implement ``call(inputs, states, training=False)``.
    """

    gates = 1

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units = check_units(self.name, units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_rate(self.name, "dropout", dropout)
        self.recurrent_dropout = check_rate(self.name, "recurrent_dropout", recurrent_dropout)
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.kernel = self.recurrent_kernel = self.bias = None

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        input_dim = tuple(input_shape)[-1]
        if input_dim is None:
            raise ValueError(
                f"Cell '{self.name}': the feature axis of the inputs must be known to create "
                f"the kernel, received input_shape={tuple(input_shape)}."
            )
        width = self.gates * self.units
        self.kernel = self.add_weight(
            shape=(input_dim, width), name="kernel", initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias", initializer=self._bias_init(),
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def _bias_shape(self):
        return (self.gates * self.units,)

    def _bias_init(self):
        return self.bias_initializer

    def _dropout_masks(self, inputs, h, training):
        """``(input_mask, recurrent_mask)`` for this step (None when not dropping)."""
        if not training:
            return None, None
        input_mask = self.get_dropout_mask(inputs) if self.dropout > 0 else None
        recurrent_mask = (
            self.get_recurrent_dropout_mask(h) if self.recurrent_dropout > 0 else None
        )
        return input_mask, recurrent_mask

    def get_initial_state(self, batch_size=None):
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        return [jnp.zeros((batch_size, d), self.compute_dtype) for d in sizes]

    def get_config(self):
        return {
            **super().get_config(),
            **cell_arguments(self),
        }


def cell_arguments(cell) -> dict:
    """The cell's constructor arguments (Keras config keys) without the Layer base keys."""
    serializers = {
        "activation": activations.serialize, "recurrent_activation": activations.serialize,
        "kernel_initializer": initializers.serialize,
        "recurrent_initializer": initializers.serialize,
        "bias_initializer": initializers.serialize,
        "kernel_regularizer": regularizers.serialize,
        "recurrent_regularizer": regularizers.serialize,
        "bias_regularizer": regularizers.serialize,
        "kernel_constraint": constraints.serialize,
        "recurrent_constraint": constraints.serialize,
        "bias_constraint": constraints.serialize,
    }
    config = {}
    for key in (*COMMON_CELL_KEYS, *getattr(cell, "extra_config_keys", ())):
        value = getattr(cell, key)
        config[key] = serializers[key](value) if key in serializers else value
    return config


class CellLayer(RNN):
    """An ``RNN`` over one built-in cell whose config lists the cell's arguments."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, activity_regularizer=None,
                 use_cudnn="auto", **kwargs):
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"{type(self).__name__}: use_cudnn must be 'auto', True or False, received "
                f"use_cudnn={use_cudnn!r}."
            )
        if use_cudnn is True:
            raise ValueError(
                f"{type(self).__name__}: use_cudnn=True was requested, but lamina has no "
                "cuDNN kernel (its recurrent layers are one jax.lax.scan on every device). "
                "Pass use_cudnn='auto' or False."
            )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )
        self.use_cudnn = use_cudnn
        self.input_spec = InputSpec(ndim=3)

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(cell_arguments(self.cell))
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # The cell's arguments, readable on the layer as in Keras (``LSTM(4).units``).
    units = cell_property("units")
    activation = cell_property("activation")
    use_bias = cell_property("use_bias")
    kernel_initializer = cell_property("kernel_initializer")
    recurrent_initializer = cell_property("recurrent_initializer")
    bias_initializer = cell_property("bias_initializer")
    kernel_regularizer = cell_property("kernel_regularizer")
    recurrent_regularizer = cell_property("recurrent_regularizer")
    bias_regularizer = cell_property("bias_regularizer")
    kernel_constraint = cell_property("kernel_constraint")
    recurrent_constraint = cell_property("recurrent_constraint")
    bias_constraint = cell_property("bias_constraint")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")
