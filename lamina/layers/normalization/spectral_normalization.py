"""``SpectralNormalization``: divide a wrapped layer's kernel by its spectral norm.

>>> import numpy as np
>>> from lamina.layers.core.dense import Dense
>>> layer = SpectralNormalization(Dense(3))
>>> layer(np.ones((2, 4)), training=True).shape
(2, 3)
>>> [w.name for w in layer.weights]
['kernel', 'vector_u', 'bias']
"""

import jax
import jax.numpy as jnp

from lamina import initializers
from lamina._registry import (
    deserialize_keras_object,
    register_builtin,
    serialize_keras_object,
)
from lamina.layers.call_spec import call_spec_for, overrides
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.ops.operation import MaskNotSupportedError

_NORM_EPSILON = 1e-7  # Keras' backend.epsilon() in its l2 normalization of u and v


def _l2_normalize(x):
    inv = jnp.minimum(jax.lax.rsqrt(jnp.sum(jnp.square(x))), 1.0 / _NORM_EPSILON)
    return x * inv


@register_builtin
class SpectralNormalization(Layer):
    """Wraps a layer with a ``kernel`` (Dense, Conv...) or ``embeddings`` (Embedding)
    and keeps the spectral norm of that matrix near 1 (Miyato et al. 2018).

    With ``training=True`` each call runs ``power_iterations`` steps of the power
    method, starting from the non-trainable ``vector_u`` (shape ``(1, units)``,
    initialized from ``TruncatedNormal(stddev=0.02)``), then assigns the new
    ``vector_u`` and ``kernel / sigma`` to the wrapped layer's kernel (``u`` and ``v``
    are constants for the gradient; ``sigma = v @ W @ u.T`` is not), and calls the
    wrapped layer. An all-zero kernel is left unchanged. With ``training=False`` the
    wrapped layer runs on its current kernel. This is Keras 3's semantics: inside a
    pure ``stateless_call`` (the jitted train step) the normalized kernel is used for
    that forward pass, and only the non-trainable ``vector_u`` is returned as new state.

    Weights, in Keras order: ``kernel`` (the wrapped layer's), ``vector_u``, then the
    wrapped layer's other weights.

    Masks: accepted only if the wrapped layer supports them (its ``compute_mask``
    decides the output mask); otherwise ``MaskNotSupportedError``.

    Args:
        layer: the layer to wrap (a lamina ``Layer`` instance).
        power_iterations: positive int, power-method steps per training call.

    Float outputs are cast to a float input's dtype, as in Keras. With integer inputs
    (a wrapped Embedding) the output keeps the wrapped layer's dtype: Keras casts it to
    the ids' integer dtype, which truncates the embeddings; lamina does not.

    >>> from lamina.layers.core.dense import Dense
    >>> SpectralNormalization(Dense(2), power_iterations=2).get_config()["power_iterations"]
    2
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"SpectralNormalization '{self.name}': layer must be a Layer instance, "
                f"received {layer!r} ({type(layer).__name__})."
            )
        if (isinstance(power_iterations, bool) or not isinstance(power_iterations, int)
                or power_iterations <= 0):
            raise ValueError(
                f"SpectralNormalization '{self.name}': power_iterations must be a positive "
                f"int, received power_iterations={power_iterations!r}."
            )
        self.layer = layer
        self.power_iterations = power_iterations
        self.kernel = None
        self.vector_u = None
        self.kernel_shape = None

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build_from_config({"input_shape": list(input_shape)})
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization '{self.name}': the wrapped layer '{self.layer.name}' "
                f"({type(self.layer).__name__}) has neither a 'kernel' nor an 'embeddings' "
                "weight. Wrap a layer such as Dense, Conv2D or Embedding."
            )
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, name="vector_u", dtype=kernel.dtype)
        self.built = True

    def normalized_weights(self):
        """The power-method update: ``(new vector_u, kernel / sigma)`` (pure)."""
        kernel = self.kernel.value
        weights = kernel.reshape(-1, self.kernel_shape[-1])
        vector_u = self.vector_u.value.astype(weights.dtype)
        vector_v = None
        for _ in range(self.power_iterations):
            vector_v = _l2_normalize(vector_u @ weights.T)
            vector_u = _l2_normalize(vector_v @ weights)
        vector_u = jax.lax.stop_gradient(vector_u)
        vector_v = jax.lax.stop_gradient(vector_v)
        sigma = vector_v @ weights @ vector_u.T
        new_kernel = (kernel / sigma).reshape(self.kernel_shape)
        return vector_u.astype(self.vector_u.dtype), new_kernel.astype(self.kernel.dtype)

    def _wrapped_carries_masks(self):
        layer = self.layer
        return (layer.supports_masking or overrides(layer, "compute_mask", Layer)
                or call_spec_for(type(layer)).takes_mask)

    def call(self, inputs, training=False, mask=None):
        if mask is not None and not self._wrapped_carries_masks():
            raise MaskNotSupportedError(
                f"Layer '{self.name}' (SpectralNormalization) received a mask, but the layer "
                f"it wraps, '{self.layer.name}' ({type(self.layer).__name__}), does not "
                "support masks, so the mask would be silently lost. Fix: end the mask before "
                "this layer, or wrap a layer that supports masking."
            )
        if training:
            kernel = self.kernel.value
            new_u, new_kernel = jax.lax.cond(
                jnp.all(kernel == 0),
                lambda: (self.vector_u.value, kernel),
                self.normalized_weights,
            )
            self.vector_u.assign(new_u)
            self.kernel.assign(new_kernel)
        outputs = self.layer(inputs) if mask is None else self.layer(inputs, mask=mask)
        if jnp.issubdtype(inputs.dtype, jnp.floating) and jnp.issubdtype(
                outputs.dtype, jnp.floating):
            outputs = outputs.astype(inputs.dtype)
        return outputs

    def compute_mask(self, inputs, mask=None):
        return self.layer.compute_mask(inputs, mask)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "layer": serialize_keras_object(self.layer),
                "power_iterations": self.power_iterations}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects,
                                         kind="layer")
        return cls(layer, **config)
