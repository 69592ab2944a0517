"""``GroupNormalization``: normalize groups of channels within each sample.

>>> import numpy as np
>>> layer = GroupNormalization(groups=2)
>>> out = layer(np.arange(8.0).reshape(1, 2, 4))
>>> out.shape, [w.name for w in layer.weights]
((1, 2, 4), ['gamma', 'beta'])
"""

import jax
import jax.numpy as jnp

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class GroupNormalization(Layer):
    """Splits the channels (``axis``) into ``groups`` and normalizes each group.

    For each sample and group, the mean and variance are taken over the group's
    channels and every other non-batch axis; ``gamma``/``beta`` are per channel.
    ``groups=1`` is layer normalization over all axes, ``groups=-1`` (one channel per
    group) is instance normalization. Batch size and training mode do not matter.

    Masks pass through (as in Keras the statistics include every position; end the
    mask first if padded steps must not count).

    Args:
        groups: positive int dividing the channel count, or -1 (one group per channel).
        axis: int, the channel axis (default -1).
        epsilon: variance fuzz (default 1e-3).
        center, scale: learn ``beta`` / ``gamma``.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: as in Keras.

    >>> import numpy as np
    >>> x = np.array([[[0.0, 2.0, 10.0, 30.0]]])
    >>> np.asarray(GroupNormalization(2, epsilon=0.0)(x)).round(3).tolist()
    [[[-1.0, 1.0, -1.0, 1.0]]]
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        # As Keras: 16-bit inputs are not cast up front; statistics run in float32.
        self.autocast = False
        if isinstance(groups, bool) or not isinstance(groups, int) or (
            groups <= 0 and groups != -1
        ):
            raise ValueError(
                f"GroupNormalization '{self.name}': groups must be a positive int (or -1 for "
                f"instance normalization), received groups={groups!r}."
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"GroupNormalization '{self.name}': axis must be an int, received "
                f"axis={axis!r}."
            )
        self.groups = groups
        self.axis = axis
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.autocast = False
        self.gamma = self.beta = None
        self._groups = None

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank < self.axis < rank or self.axis % rank == 0:
            raise ValueError(
                f"GroupNormalization '{self.name}': axis={self.axis} is not a channel axis of "
                f"an input of shape {tuple(input_shape)} (axis 0 is the batch)."
            )
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"GroupNormalization '{self.name}': the channel axis {self.axis} must have a "
                f"known size, received input_shape={tuple(input_shape)}."
            )
        groups = dim if self.groups == -1 else self.groups
        if dim < groups or dim % groups:
            raise ValueError(
                f"GroupNormalization '{self.name}': groups={groups} must divide the number of "
                f"channels ({dim}, axis {self.axis}) evenly. Pick a divisor of {dim}."
            )
        self._groups = groups
        if self.scale:
            self.gamma = self.add_weight(
                shape=(dim,), name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center:
            self.beta = self.add_weight(
                shape=(dim,), name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: dim})
        self.built = True

    def call(self, inputs):
        dtype = jnp.promote_types(inputs.dtype, jnp.float32)
        x = inputs.astype(dtype)
        axis = self.axis % x.ndim
        dim = x.shape[axis]
        grouped_shape = (*x.shape[:axis], self._groups, dim // self._groups, *x.shape[axis + 1:])
        grouped = x.reshape(grouped_shape)
        # Statistics over every non-batch axis except the group axis (at ``axis``).
        reduce = tuple(a for a in range(1, grouped.ndim) if a != axis)
        mean = jnp.mean(grouped, axis=reduce, keepdims=True)
        variance = jnp.var(grouped, axis=reduce, keepdims=True)
        inv = jax.lax.rsqrt(variance + self.epsilon)
        param_shape = [1] * grouped.ndim
        param_shape[axis], param_shape[axis + 1] = self._groups, dim // self._groups
        if self.gamma is not None:
            inv = inv * self.gamma.value.astype(dtype).reshape(param_shape)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + self.beta.value.astype(dtype).reshape(param_shape)
        outputs = (grouped * inv + shift).reshape(x.shape)
        return outputs.astype(self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
