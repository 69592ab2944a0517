"""``ReversibleEmbedding``: an ``Embedding`` that can also map vectors back to logits.

>>> import numpy as np
>>> layer = ReversibleEmbedding(10, 4)
>>> vectors = layer(np.array([[1, 2, 3]]))
>>> vectors.shape, layer(vectors, reverse=True).shape
((1, 3, 4), (1, 3, 10))
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.core.embedding import Embedding


def _fresh(initializer):
    if not hasattr(initializer, "get_config"):
        return initializer
    return type(initializer).from_config(initializer.get_config())


@register_builtin
class ReversibleEmbedding(Embedding):
    """Token embedding whose ``call(x, reverse=True)`` projects vectors to vocabulary logits.

    The usual pattern for language models: the same table embeds the input tokens and
    (transposed) produces the output logits.

    Args:
        input_dim, output_dim, embeddings_initializer, embeddings_regularizer,
        embeddings_constraint, mask_zero: as in ``Embedding``.
        tie_weights: reverse with the transposed ``embeddings`` table (default); with
            False, a separate trainable ``reverse_embeddings`` of shape
            ``(output_dim, input_dim)`` is created.
        reverse_dtype: optional dtype (e.g. ``"float32"``) for the reverse matmul.
        logit_soft_cap: optional float ``c``: reverse logits become
            ``c * tanh(logits / c)``.

    Call arguments: ``inputs`` (ids; or vectors ``(..., output_dim)`` with ``reverse``)
    and ``reverse`` (default False).

    Masks: the forward pass behaves like ``Embedding`` (``mask_zero`` creates a mask);
    the reverse pass maps each position independently, so an incoming mask passes
    through to the logits.

    >>> import numpy as np
    >>> layer = ReversibleEmbedding(6, 3, tie_weights=False, logit_soft_cap=5.0)
    >>> logits = layer(np.ones((2, 3), "float32"), reverse=True)
    >>> logits.shape, bool(np.abs(logits).max() < 5.0)
    ((2, 6), True)
    >>> [w.name for w in layer.weights]
    ['embeddings', 'reverse_embeddings']
    """

    def __init__(self, input_dim, output_dim, tie_weights=True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = reverse_dtype
        if logit_soft_cap is not None and not (
            isinstance(logit_soft_cap, (int, float)) and not isinstance(logit_soft_cap, bool)
            and logit_soft_cap > 0
        ):
            raise ValueError(
                f"ReversibleEmbedding: logit_soft_cap must be a positive number or None, "
                f"received logit_soft_cap={logit_soft_cap!r}."
            )
        self.logit_soft_cap = logit_soft_cap
        self.reverse_embeddings = None
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)

    def build(self, input_shape=None):
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            # A fresh copy: one seeded instance would draw the same numbers again.
            self.reverse_embeddings = self.add_weight(
                name="reverse_embeddings", shape=(self.output_dim, self.input_dim),
                initializer=_fresh(self.embeddings_initializer),
            )

    def call(self, inputs, reverse=False):
        if not reverse:
            return super().call(inputs)
        inputs = jnp.asarray(inputs)
        if inputs.ndim == 0 or inputs.shape[-1] != self.output_dim:
            raise ValueError(
                f"ReversibleEmbedding '{self.name}': reverse=True expects vectors whose last "
                f"axis is output_dim={self.output_dim}, received shape {tuple(inputs.shape)}."
                " Pass the embedded vectors (e.g. a decoder's hidden states)."
            )
        if self.tie_weights:
            kernel = jnp.transpose(self.embeddings.value)
        else:
            kernel = self.reverse_embeddings.value
        dtype = self.reverse_dtype or self.compute_dtype
        logits = jnp.matmul(inputs.astype(dtype), kernel.astype(dtype))
        if self.logit_soft_cap is not None:
            cap = jnp.asarray(self.logit_soft_cap, logits.dtype)
            logits = jnp.tanh(logits / cap) * cap
        return logits

    def _call_and_mask(self, args, kwargs, previous_mask):
        """Reverse calls keep the incoming mask (``compute_mask`` cannot see ``reverse``)."""
        reverse = kwargs.get("reverse", args[1] if len(args) > 1 else False)
        if reverse:
            return self.call(*args, **kwargs), previous_mask
        return super()._call_and_mask(args, kwargs, previous_mask)

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return (*tuple(input_shape)[:-1], self.input_dim)
        return (*tuple(input_shape), self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "tie_weights": self.tie_weights,
            "reverse_dtype": self.reverse_dtype,
            "logit_soft_cap": self.logit_soft_cap,
        }
