"""``LayerNormalization``: normalize each sample over its feature axes.

>>> import numpy as np
>>> out = LayerNormalization()(np.array([[1.0, 2.0, 3.0]]))
>>> np.asarray(out, dtype=float).round(3).tolist()
[[-1.224, 0.0, 1.224]]
"""

import jax
import jax.numpy as jnp

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class LayerNormalization(Layer):
    """``gamma * (x - mean) / sqrt(var + epsilon) + beta`` with per-sample statistics.

    The statistics are taken over ``axis`` (an int or a list of ints) of each sample,
    so batch size and training mode do not matter. Masks pass through
    (``supports_masking``): every position is normalized on its own.

    Args:
        axis: the axis or axes to normalize (default ``-1``).
        epsilon: variance fuzz (default ``1e-3``).
        center, scale: learn ``beta`` / ``gamma`` (shaped like the normalized axes).
        rms_scaling: Keras' deprecated option, kept for parity: the input is divided
            by ``sqrt(var + epsilon)`` without centering, then scaled by ``gamma``
            (no ``beta``). Use a true RMS normalization layer for new code.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: as in Keras.

    >>> import numpy as np
    >>> layer = LayerNormalization(axis=[1, 2])
    >>> layer(np.ones((2, 3, 4))).shape
    (2, 3, 4)
    >>> [(w.name, w.shape) for w in layer.weights]
    [('gamma', (3, 4)), ('beta', (3, 4))]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        # As Keras: 16-bit inputs are not cast up front; statistics run in float32.
        self.autocast = False
        if isinstance(axis, (list, tuple)):
            axis = list(axis)
            valid = all(isinstance(a, int) and not isinstance(a, bool) for a in axis)
        else:
            valid = isinstance(axis, int) and not isinstance(axis, bool)
        if not valid or axis == []:
            raise TypeError(
                f"LayerNormalization '{self.name}': axis must be an int or a non-empty list "
                f"of ints, received axis={axis!r}."
            )
        self.axis = axis
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.autocast = False
        self.gamma = self.beta = None
        self._axes = None

    def _resolve_axes(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(
                    f"LayerNormalization '{self.name}': axis={self.axis} is out of range for "
                    f"an input of shape {tuple(input_shape)}."
                )
        resolved = sorted({a % rank for a in axes})
        if len(resolved) != len(axes):
            raise ValueError(
                f"LayerNormalization '{self.name}': axis={self.axis} names an axis twice."
            )
        return resolved

    def build(self, input_shape):
        self._axes = self._resolve_axes(input_shape)
        shape = tuple(input_shape[a] for a in self._axes)
        if None in shape:
            raise ValueError(
                f"LayerNormalization '{self.name}': the normalized axes {self.axis} must have "
                f"known sizes, received input_shape={tuple(input_shape)}."
            )
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                name="gamma", shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta", shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self.built = True

    def call(self, inputs):
        dtype = jnp.promote_types(inputs.dtype, jnp.float32)
        x = inputs.astype(dtype)
        axes = tuple(self._axes)
        shape = [1] * x.ndim
        for a in axes:
            shape[a] = x.shape[a]
        gamma = None if self.gamma is None else self.gamma.value.astype(dtype).reshape(shape)
        beta = None if self.beta is None else self.beta.value.astype(dtype).reshape(shape)
        if self.rms_scaling:
            variance = jnp.var(x, axis=axes, keepdims=True)
            outputs = x * jax.lax.rsqrt(variance + self.epsilon)
            if gamma is not None:
                outputs = outputs * gamma
        else:
            mean = jnp.mean(x, axis=axes, keepdims=True)
            variance = jnp.var(x, axis=axes, keepdims=True)
            inv = jax.lax.rsqrt(variance + self.epsilon)
            if gamma is not None:
                inv = inv * gamma
            shift = -mean * inv
            if beta is not None:
                shift = shift + beta
            outputs = x * inv + shift
        return outputs.astype(self.compute_dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
