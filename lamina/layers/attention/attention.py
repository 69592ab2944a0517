"""``Attention``: dot-product (Luong-style) attention over ``[query, value(, key)]``.

>>> import numpy as np
>>> q, v = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
>>> Attention()([q, v]).shape
(2, 3, 4)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.random import SeedGenerator
from lamina.layers.attention.arguments import check_dropout
from lamina.layers.attention.attention_masks import (
    causal_mask,
    check_position_mask,
    dropout_weights,
    logical_and,
    masked_softmax,
    where_valid,
)
from lamina.layers.layer import Layer


@register_builtin
class Attention(Layer):
    """Dot-product attention: ``softmax(query . key^T) . value`` (no learned projections).

    Args:
        use_scale: learn a scalar ``scale`` multiplying the scores (init 1).
        score_mode: ``"dot"`` (``q . k``) or ``"concat"``
            (``concat_score_weight * sum(tanh(q + k))``, with a learned scalar weight).
        dropout: dropout rate on the attention weights (training only).
        seed: int seed of the dropout.

    Call arguments: ``inputs = [query (B, Tq, dim), value (B, Tv, dim)]`` or
    ``[query, value, key]``; ``mask = [query_mask (B, Tq), value_mask (B, Tv)]`` (a third
    ``key_mask`` is AND-ed with the value mask; Keras ignores it);
    ``return_attention_scores``; ``training``; ``use_causal_mask``.

    Masks: masks attached to the inputs are used automatically. Key positions where the
    value (or key) mask is False get weight 0; the weights of a masked query position
    are 0 and its output is 0 (as in Keras). Everything is removed with ``where``, and
    masked input positions are replaced by 0 first, so NaN padding reaches neither valid
    outputs nor gradients. A query with no valid key attends to nothing (weights 0)
    instead of Keras's near-uniform weights. The output carries the query's mask.

    >>> import numpy as np
    >>> q = np.array([[[1.0], [2.0]]], "float32")
    >>> out, w = Attention()([q, q], mask=[None, np.array([[True, False]])],
    ...                      return_attention_scores=True)
    >>> w[0].tolist()
    [[1.0, 0.0], [1.0, 0.0]]
    """

    _score_modes = ("dot", "concat")

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        kind = type(self).__name__
        if score_mode not in self._score_modes:
            raise ValueError(f"{kind} '{self.name}': score_mode must be one of "
                             f"{self._score_modes}, received score_mode={score_mode!r}.")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = check_dropout(f"{kind} '{self.name}'", dropout)
        self.seed = seed
        self.scale = None
        self.concat_score_weight = None
        self.seed_generator = SeedGenerator(seed) if dropout > 0 else None

    @property
    def _owner(self):
        return f"{type(self).__name__} '{self.name}'"

    def _check_inputs(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)) or not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{self._owner}: inputs must be a list [query, value] or [query, value, key],"
                f" received {type(inputs).__name__}"
                f"{f' of length {len(inputs)}' if isinstance(inputs, (list, tuple)) else ''}."
            )
        if mask is not None and (
            not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= len(inputs)
        ):
            raise ValueError(
                f"{self._owner}: mask must be a list [query_mask, value_mask] (one entry "
                "per input, None for no mask), received "
                f"{type(mask).__name__}. Fix: mask=[query_mask, value_mask]."
            )

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shape
        ):
            raise ValueError(
                f"{self._owner}: inputs must be a list [query, value] or [query, value, key],"
                f" received a single input of shape {input_shape}."
            )
        self._check_inputs(input_shape)
        query_shape, value_shape = tuple(input_shape[0]), tuple(input_shape[1])
        key_shape = tuple(input_shape[2]) if len(input_shape) > 2 else value_shape
        if query_shape[-1] != key_shape[-1] and None not in (query_shape[-1], key_shape[-1]):
            raise ValueError(f"{self._owner}: query and key must have the same last axis, "
                             f"received query shape {query_shape} and key shape {key_shape}.")
        self._create_weights(query_shape)
        self.built = True

    def _create_weights(self, query_shape):
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones")

    def _scores(self, query, key):
        """Raw scores ``(B, Tq, Tv)``."""
        if self.score_mode == "dot":
            scores = jnp.matmul(query, jnp.swapaxes(key, -2, -1))
            if self.scale is not None:
                scores = scores * self.scale.value
            return scores
        summed = query[..., :, None, :] + key[..., None, :, :]
        if self.scale is not None:
            summed = self.scale.value * summed
        return self.concat_score_weight.value * jnp.sum(jnp.tanh(summed), axis=-1)

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._check_inputs(inputs, mask)
        query, value = jnp.asarray(inputs[0]), jnp.asarray(inputs[1])
        key = jnp.asarray(inputs[2]) if len(inputs) > 2 else value
        masks = list(mask or []) + [None] * 3
        names = ("query_mask", "value_mask", "key_mask")
        query_mask, value_mask, key_mask = (
            None if m is None else check_position_mask(self._owner, n, m, x)
            for n, m, x in zip(names, masks[:3], (query, value, key))
        )
        kv_mask = logical_and(value_mask, key_mask)
        query = where_valid(query, query_mask)
        value = where_valid(value, kv_mask)
        key = where_valid(key, kv_mask)
        allowed = logical_and(
            None if query_mask is None else query_mask[..., None],
            None if kv_mask is None else kv_mask[..., None, :],
            causal_mask(query.shape[-2], key.shape[-2]) if use_causal_mask else None,
        )
        weights = masked_softmax(self._scores(query, key), allowed)
        if training and self.dropout > 0:
            weights = dropout_weights(weights, self.dropout, self.seed_generator)
        output = jnp.matmul(weights, value)
        if return_attention_scores:
            return output, weights
        return output

    def compute_mask(self, inputs, mask=None):
        """The output keeps the query's mask."""
        if mask is None:
            return None
        self._check_inputs(inputs, mask)
        return mask[0]

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale,
                "score_mode": self.score_mode, "dropout": self.dropout, "seed": self.seed}
