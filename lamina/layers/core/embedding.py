"""``Embedding``: turn integer ids into dense vectors; ``mask_zero`` makes id 0 padding.

>>> import numpy as np
>>> layer = Embedding(10, 4, mask_zero=True)
>>> layer(np.array([[3, 1, 0]])).shape
(1, 3, 4)
>>> np.asarray(layer.compute_mask(np.array([[3, 1, 0]]))).tolist()
[[True, True, False]]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.core.dense import reject_unsupported
from lamina.layers.layer import Layer


@register_builtin
class Embedding(Layer):
    """Looks up row ``i`` of an ``(input_dim, output_dim)`` table for each id ``i``.

    Args:
        input_dim: vocabulary size (ids are in ``[0, input_dim)``).
        output_dim: size of each vector.
        embeddings_initializer: default ``"uniform"`` (``RandomUniform(-0.05, 0.05)``).
        embeddings_regularizer, activity_regularizer, embeddings_constraint.
        mask_zero: id 0 is padding: the layer creates the mask ``inputs != 0`` for the
            layers downstream (then ``input_dim`` should be vocabulary size + 1).
        weights: optional initial table (an array, or a list holding one array).
        lora_rank, lora_alpha, quantization_config: Keras signature only; anything but
            None raises ``NotImplementedError``.

    Masks: with ``mask_zero=True`` the output mask is ``inputs != 0``, AND-ed with a mask
    the input already carries; with ``mask_zero=False`` an incoming mask passes through
    (the layer maps every position independently, so the mask keeps its meaning). Keras
    drops an incoming mask here; lamina never drops a mask silently.

    In eager calls, ids outside ``[0, input_dim)`` raise an error naming the layer (inside
    ``jit`` they cannot be checked, and give NaN rows).

    >>> Embedding(5, 2).get_config()["mask_zero"]
    False
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        kwargs.pop("input_length", None)  # deprecated Keras 2 argument, without effect
        super().__init__(**kwargs)
        for arg, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"Embedding '{self.name}': {arg} must be a positive integer, received "
                    f"{arg}={value!r}."
                )
        reject_unsupported("Embedding", self.name, lora_rank, lora_alpha, quantization_config)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = True
        self.autocast = False
        self.embeddings = None
        if weights is not None:
            self.build()
            if not (isinstance(weights, (list, tuple)) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(
            name="embeddings", shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True

    def _check_ids(self, inputs):
        if isinstance(inputs, jax.core.Tracer) or inputs.size == 0:
            return
        values = np.asarray(inputs)
        low, high = values.min(), values.max()
        if low < 0 or high >= self.input_dim:
            raise ValueError(
                f"Embedding '{self.name}': ids must be in [0, {self.input_dim}) "
                f"(input_dim={self.input_dim}), received ids from {low} to {high}. Increase "
                "input_dim or fix the ids (with mask_zero=True, id 0 is padding and real "
                "ids start at 1)."
            )

    def call(self, inputs):
        inputs = jnp.asarray(inputs)
        if inputs.dtype not in (jnp.int32, jnp.int64):
            inputs = inputs.astype("int32")
        self._check_ids(inputs)
        outputs = jnp.take(self.embeddings.value, inputs, axis=0)
        return outputs.astype(self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return mask
        new_mask = jnp.not_equal(jnp.asarray(inputs), 0)
        return new_mask if mask is None else jnp.logical_and(new_mask, mask)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
