"""``ConvLSTMCell``: one step of a convolutional LSTM (the cell of ``ConvLSTM1D/2D/3D``).

Like :class:`~lamina.layers.rnn.lstm.LSTMCell`, but the input and recurrent
transformations are convolutions: the states ``h`` and ``c`` are feature maps. Weights
follow Keras 3: ``kernel`` ``kernel_size + (in_channels, 4 * filters)``,
``recurrent_kernel`` ``kernel_size + (filters, 4 * filters)`` and ``bias``
``(4 * filters,)``, the ``4 * filters`` axis split into gates in the order input, forget,
cell, output (``i, f, c, o``).

Keras does not export this cell; it is the building block of the public layers.

>>> import numpy as np
>>> cell = ConvLSTMCell(2, filters=3, kernel_size=3, padding="same")
>>> h, (h_again, c) = cell(np.ones((1, 5, 5, 2), "float32"))
>>> h.shape, [tuple(w.shape) for w in cell.weights]
((1, 5, 5, 3), [(3, 3, 2, 12), (3, 3, 3, 12), (12,)])
"""

import jax
import jax.numpy as jnp

from lamina import activations, constraints, initializers, regularizers
from lamina.core.random import SeedGenerator
from lamina.layers.convolutional import conv_utils
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.rnn.dropout_rnn_cell import DropoutRNNCell, check_rate

#: The cell's constructor arguments after ``rank``, in Keras' config order.
CONV_LSTM_KEYS = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
    "activation", "recurrent_activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)

_SERIALIZERS = {
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


def conv_lstm_arguments(cell) -> dict:
    """The cell's arguments as Keras config entries (``CONV_LSTM_KEYS``, serialized)."""
    return {
        key: _SERIALIZERS[key](getattr(cell, key)) if key in _SERIALIZERS
        else getattr(cell, key)
        for key in CONV_LSTM_KEYS
    }


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One ConvLSTM step: states ``[h, c]`` (feature maps), output ``h``.

    ``z = conv(x, kernel) + conv(h, recurrent_kernel) + bias`` gives the four gates at
    once; ``i, f, o = recurrent_activation(...)``, ``c' = f * c + i * activation(z_c)``,
    ``h' = o * activation(c')``. The input convolution uses ``strides``, ``padding`` and
    ``dilation_rate``; the recurrent one is stride 1, ``"same"`` and undilated, so the
    states keep the spatial size of the input convolution's output.

    Args:
        rank: number of spatial axes (1, 2 or 3).
        filters: channels of ``h`` and ``c``.
        kernel_size, strides, padding (``"valid"`` or ``"same"``), data_format,
            dilation_rate: as in ``Conv1D/2D/3D`` (``strides > 1`` excludes
            ``dilation_rate > 1``).
        activation (``"tanh"``), recurrent_activation (``"sigmoid"``), use_bias,
            kernel_initializer (``"glorot_uniform"``), recurrent_initializer
            (``"orthogonal"``), bias_initializer (``"zeros"``).
        unit_forget_bias: add 1 to the forget gate's bias at initialization.
        kernel/recurrent/bias regularizers and constraints.
        dropout, recurrent_dropout: fractions of the inputs / of ``h`` dropped while
            training; one mask per gate, drawn once per sequence.
        seed: seed of the dropout masks.

    Calling the cell without ``states`` starts from zeros.

    >>> import numpy as np
    >>> cell = ConvLSTMCell(1, filters=2, kernel_size=3)
    >>> h, (_, c) = cell(np.ones((4, 6, 3), "float32"))
    >>> h.shape, c.shape
    ((4, 4, 2), (4, 4, 2))
    """

    dropout_mask_count = 4

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation="tanh",
                 recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        owner = f"{type(self).__name__} '{self.name}'"
        if rank not in (1, 2, 3):
            raise ValueError(f"{owner}: rank must be 1, 2 or 3, received rank={rank!r}.")
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                f"{owner}: filters must be a positive integer, received filters={filters!r}."
            )
        self.rank = rank
        self.filters = filters
        self.kernel_size = conv_utils.standardize_tuple(kernel_size, rank, "kernel_size", owner)
        self.strides = conv_utils.standardize_tuple(strides, rank, "strides", owner)
        self.dilation_rate = conv_utils.standardize_tuple(
            dilation_rate, rank, "dilation_rate", owner
        )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{owner}: strides > 1 cannot be combined with dilation_rate > 1, received "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}. Use one or "
                "the other."
            )
        self.padding = conv_utils.standardize_padding(padding, owner)
        self.data_format = conv_utils.standardize_data_format(data_format, owner)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
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
        self.input_spec = InputSpec(ndim=rank + 2)
        # Channels of h and c; their spatial size is known once the cell is built.
        self.state_size = [filters, filters]
        self.state_shape = None
        self.kernel = self.recurrent_kernel = self.bias = None

    @property
    def output_size(self):
        return self.filters

    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    def state_spatial_shape(self, input_shape):
        """The spatial size of ``h`` and ``c`` for one step's ``input_shape``."""
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{self._owner()}: one timestep must have rank {self.rank + 2} (batch, "
                f"{self.rank} spatial axes and channels), received shape {input_shape}."
            )
        spatial = conv_utils.spatial_dims(input_shape, self.data_format)
        if None in spatial:
            raise ValueError(
                f"{self._owner()}: ConvLSTM layers need static spatial sizes, received "
                f"step shape {input_shape} (data_format={self.data_format!r}). Give every "
                "spatial axis a size in Input(shape=...)."
            )
        out = tuple(
            conv_utils.conv_output_length(n, k, self.padding, s, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )
        if any(n <= 0 for n in out):
            raise ValueError(
                f"{self._owner()}: the convolution leaves no output (spatial size {out}) for "
                f"spatial input size {spatial}, kernel_size={self.kernel_size}, strides="
                f"{self.strides}, dilation_rate={self.dilation_rate} and padding="
                f"{self.padding!r}. Use larger inputs, a smaller kernel or padding='same'."
            )
        return out

    def build(self, input_shape, states_shape=None):
        input_shape = tuple(input_shape)
        spatial = self.state_spatial_shape(input_shape)
        channels = input_shape[conv_utils.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"{self._owner()}: the channel axis of the inputs must be known to create "
                f"the kernel, received step shape {input_shape} "
                f"(data_format={self.data_format!r})."
            )
        self.state_shape = conv_utils.with_spatial((None,), self.data_format, spatial,
                                                   self.filters)[1:]
        width = 4 * self.filters
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, width), name="kernel",
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, width), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(width,), name="bias", initializer=self._bias_init(),
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(ndim=self.rank + 2, shape=(None, *input_shape[1:]))
        self.built = True

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        filters, base = self.filters, self.bias_initializer
        ones = initializers.get("ones")

        def forget_bias_ones(shape, dtype=None):
            return jnp.concatenate(
                [base((filters,), dtype), ones((filters,), dtype), base((2 * filters,), dtype)]
            )

        return forget_bias_ones

    def get_initial_state(self, batch_size=None):
        return [jnp.zeros((batch_size, *self.state_shape), self.compute_dtype)
                for _ in range(2)]

    def _conv(self, x, kernel, mask, strides, padding, dilation):
        """All four gates' convolution of ``x``; with per-gate dropout ``mask`` (shape
        ``(4, *x.shape)``) each gate sees its own masked copy (a 4-group convolution)."""
        groups = 1
        if mask is not None:
            x = jnp.concatenate(list(x[None] * mask), axis=conv_utils.channel_axis(
                self.data_format))
            groups = 4
        if x.dtype != kernel.dtype:
            x = x.astype(kernel.dtype)
        return jax.lax.conv_general_dilated(
            x, kernel, strides, padding, rhs_dilation=dilation,
            dimension_numbers=conv_utils.dimension_numbers(self.rank, self.data_format),
            feature_group_count=groups,
        )

    def call(self, inputs, states=None, training=False):
        if states is None:
            states = self.get_initial_state(inputs.shape[0])
        h, c = states[0], states[1]
        input_mask = self.get_dropout_mask(inputs) if training and self.dropout > 0 else None
        recurrent_mask = (self.get_recurrent_dropout_mask(h)
                          if training and self.recurrent_dropout > 0 else None)
        ones = (1,) * self.rank
        z = self._conv(inputs, self.kernel.value, input_mask, self.strides,
                       self.padding.upper(), self.dilation_rate)
        z = z + self._conv(h, self.recurrent_kernel.value, recurrent_mask, ones, "SAME", ones)
        axis = conv_utils.channel_axis(self.data_format)
        if self.bias is not None:
            bias = self.bias.value
            if self.data_format == "channels_first":
                bias = bias.reshape((-1,) + (1,) * self.rank)
            z = z + bias
        z_i, z_f, z_c, z_o = jnp.split(z, 4, axis=axis)
        gate = self.recurrent_activation
        c = gate(z_f) * c + gate(z_i) * self.activation(z_c)
        h = gate(z_o) * self.activation(c)
        return h, [h, c]

    def compute_output_shape(self, inputs_shape, states_shape=None):
        spatial = self.state_spatial_shape(inputs_shape)
        shape = conv_utils.with_spatial(tuple(inputs_shape), self.data_format, spatial,
                                        self.filters)
        return shape, [shape, shape]

    def get_config(self):
        return {**super().get_config(), "rank": self.rank, **conv_lstm_arguments(self)}
