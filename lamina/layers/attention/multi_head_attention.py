"""``MultiHeadAttention``: scaled dot-product attention with several learned projections.

>>> import numpy as np
>>> layer = MultiHeadAttention(num_heads=2, key_dim=4)
>>> x = np.ones((1, 3, 5), "float32")
>>> layer(x, x).shape
(1, 3, 5)
>>> [w.path for w in layer.weights][:2]
['query/kernel', 'query/bias']
"""

import math

import jax
import jax.numpy as jnp

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.core.convert import is_float_dtype
from lamina.core.random import SeedGenerator
from lamina.layers.attention.arguments import check_dropout, check_output_shape, positive_int
from lamina.layers.attention.attention_equations import (
    attention_equations,
    normalize_attention_axes,
)
from lamina.layers.attention.attention_masks import (
    as_bool,
    causal_mask,
    check_position_mask,
    dropout_weights,
    logical_and,
    masked_softmax,
    where_valid,
    window_mask,
)
from lamina.layers.attention.attention_projection import build_projection
from lamina.layers.layer import Layer


def _broadcastable(small, big) -> bool:
    if len(small) > len(big):
        return False
    return all(s in (1, b) for s, b in zip(reversed(small), reversed(big)))


@register_builtin
class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017), Keras 3 weights and masking.

    ``query``, ``key`` and ``value`` are projected to ``num_heads`` heads (``key_dim``
    channels for query/key, ``value_dim`` for value); each query position attends to the
    key positions with ``softmax(q.k / sqrt(key_dim))``; the heads are projected back to
    ``output_shape`` (default: the query's last axis).

    Args:
        num_heads, key_dim: number of heads and size of each query/key head.
        value_dim: size of each value head (default ``key_dim``).
        dropout: dropout rate on the attention weights (training only).
        use_bias: whether the projections have biases.
        output_shape: int or tuple, the output's trailing shape (default: query features).
        attention_axes: input axes attention runs over (default: all but batch and
            features).
        sliding_window: optional int ``w``: query ``i`` sees keys with ``|i - j| < w``.
        flash_attention: ``None`` (default) uses ``jax.nn.dot_product_attention``
            (cuDNN's fused kernel on GPUs for half precision, else XLA's) whenever it gives
            the same result: rank-3 inputs, default ``attention_axes``, ``value_dim ==
            key_dim``, no ``return_attention_scores``, no active dropout; else the explicit
            computation. ``True`` asks for the fused path and rejects ``dropout`` and
            ``return_attention_scores``; ``False`` always uses the explicit computation.
            Not part of the config (as in Keras).
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        kernel_constraint, bias_constraint: for every projection.
        activity_regularizer: applied to each projection's output (as Keras does).
        use_gate: add a sigmoid gate (a projection of the query) on the heads' output.
        seed: int seed of the dropout.

    Call arguments: ``query (B, T, dim)``, ``value (B, S, dim)``, ``key`` (default
    ``value``), ``query_mask (B, T)``, ``value_mask (B, S)``, ``key_mask (B, S)``,
    ``attention_mask (B, T, S)`` (True = may attend), ``return_attention_scores``,
    ``training``, ``use_causal_mask``.

    Masks (Keras 3 semantics): masks attached to ``query``/``value``/``key`` fill
    ``query_mask``/``value_mask``/``key_mask`` automatically; the allowed (query, key)
    pairs are ``query_mask x value_mask x key_mask AND attention_mask AND causal AND
    window``. Excluded pairs are removed with ``where`` before the softmax and their
    weights set to 0 afterwards, so dropout and ``return_attention_scores`` keep every
    mask (causal included). A query with no allowed key attends to nothing (weights 0,
    output = the output projection's bias) instead of giving NaN. Masked positions of
    the inputs are replaced by 0 before the projections, so NaN/Inf padding reaches
    neither valid outputs nor gradients. The output carries the query's mask.

    lamina extensions (Keras code runs unchanged): ``value`` may be omitted for
    self-attention (``value = query``, ``value_mask`` = the query's mask), and
    ``mask=`` is accepted as the query's mask (the first input's mask, as for any
    layer). Keras ignores an explicit ``query_mask=`` argument; lamina honours it.

    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(1, 4, 6)).astype("float32")
    >>> out, scores = MultiHeadAttention(2, 3)(x, x, use_causal_mask=True,
    ...                                        return_attention_scores=True)
    >>> out.shape, scores.shape, float(scores[0, 0, 0, 1])
    ((1, 4, 6), (1, 2, 4, 4), 0.0)
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        owner = f"MultiHeadAttention '{self.name}'"
        self._num_heads = positive_int(owner, "num_heads", num_heads)
        self._key_dim = positive_int(owner, "key_dim", key_dim)
        self._value_dim = positive_int(owner, "value_dim", value_dim, True) or key_dim
        self._dropout = check_dropout(owner, dropout)
        self._use_bias = bool(use_bias)
        self._use_gate = bool(use_gate)
        self._output_shape = check_output_shape(owner, output_shape)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None:
            if not isinstance(attention_axes, (list, tuple)):
                raise ValueError(f"{owner}: attention_axes must be an int, a list or a tuple "
                                 f"of ints, or None; received {attention_axes!r}.")
            attention_axes = tuple(attention_axes)
        self._attention_axes = attention_axes
        self._sliding_window = positive_int(owner, "sliding_window", sliding_window, True)
        self._flash_attention = None if flash_attention is None else bool(flash_attention)
        if self._flash_attention and dropout > 0:
            raise ValueError(f"{owner}: flash_attention=True does not support dropout "
                             f"(dropout={dropout}). Set dropout=0.0 or flash_attention=None.")
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        # Sublayers in Keras weight order: query, key, (gate), value, attention_output.
        self._query_dense = None
        self._key_dense = None
        self._gate_dense = None
        self._value_dense = None
        self._output_dense = None
        self.seed_generator = SeedGenerator(seed) if dropout > 0 else None
        self._built_axes = None

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # ------------------------------------------------------------------ build
    def build(self, query_shape, value_shape=None, key_shape=None):
        owner = f"MultiHeadAttention '{self.name}'"
        query_shape = tuple(query_shape)
        value_shape = query_shape if value_shape is None else tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if len(query_shape) < 3:
            raise ValueError(f"{owner}: inputs must have rank >= 3 (batch, time..., "
                             f"features), received query_shape={query_shape}.")
        if not len(query_shape) == len(value_shape) == len(key_shape):
            raise ValueError(f"{owner}: query, value and key must have the same rank, "
                             f"received query_shape={query_shape}, value_shape="
                             f"{value_shape}, key_shape={key_shape}.")
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(f"{owner}: all axes of value and key but the last must be "
                             f"equal, received value_shape={value_shape} and key_shape="
                             f"{key_shape}.")
        for arg, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if shape[-1] is None:
                raise ValueError(f"{owner}: the last axis of {arg} must be known to create "
                                 f"the projections, received {arg}_shape={shape}.")
        heads = (self._num_heads, self._key_dim)
        value_heads = (self._num_heads, self._value_dim)
        out_dims = self._output_shape or (query_shape[-1],)
        self._query_dense = self._projection("query", query_shape, heads)
        self._key_dense = self._projection("key", key_shape, heads)
        if self._use_gate:
            self._gate_dense = self._projection("gate", query_shape, value_heads,
                                                activation="sigmoid")
        self._value_dense = self._projection("value", value_shape, value_heads)
        self._output_dense = self._projection(
            "attention_output", (*query_shape[:-1], *value_heads), out_dims, bound_dims=2)
        rank = len(query_shape) + 1
        self._built_axes = normalize_attention_axes(owner, self._attention_axes, rank - 1)
        self._dot_equation, self._combine_equation, scores_rank = attention_equations(
            rank, self._built_axes)
        self._softmax_axes = tuple(range(scores_rank - len(self._built_axes), scores_rank))
        self.built = True

    def _projection(self, name, input_shape, output_dims, bound_dims=1, activation=None):
        return build_projection(
            self._kernel_initializer, self._bias_initializer, name=name,
            input_shape=input_shape, output_dims=output_dims, bound_dims=bound_dims,
            use_bias=self._use_bias, activation=activation,
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint, bias_constraint=self._bias_constraint,
            dtype=self.dtype,
        )

    # ------------------------------------------------------------------- call
    def call(self, query, value=None, key=None, query_mask=None, value_mask=None,
             key_mask=None, attention_mask=None, return_attention_scores=False,
             training=None, use_causal_mask=False, mask=None):
        owner = f"MultiHeadAttention '{self.name}'"
        if isinstance(mask, (list, tuple)):
            raise ValueError(f"{owner}: mask= is the query's mask (one array); pass the "
                             "others as value_mask= / key_mask=.")
        query = self._as_input(query)
        query_mask = mask if query_mask is None else query_mask
        if value is None:
            value = query
            value_mask = query_mask if value_mask is None else value_mask
        value = self._as_input(value)
        key = value if key is None else self._as_input(key)
        if return_attention_scores and self._flash_attention:
            raise ValueError(f"{owner}: return_attention_scores=True is not supported with "
                             "flash_attention=True. Set flash_attention=None.")
        masks = [None if m is None else check_position_mask(owner, arg, m, x)
                 for arg, m, x in (("query_mask", query_mask, query),
                                   ("value_mask", value_mask, value),
                                   ("key_mask", key_mask, key))]
        allowed = self._allowed_pairs(owner, query, value, *masks, attention_mask,
                                      use_causal_mask)
        query_valid, kv_valid = self._valid_positions(query, value, masks, allowed)
        query_in = where_valid(query, query_valid)
        value_in = where_valid(value, kv_valid)
        key_in = where_valid(key, kv_valid)

        gate = self._project(self._gate_dense, query_in) if self._use_gate else None
        q = self._project(self._query_dense, query_in)
        k = self._project(self._key_dense, key_in)
        v = self._project(self._value_dense, value_in)
        fused = (self._flash_attention is not False and not return_attention_scores
                 and not (training and self._dropout > 0) and q.ndim == 4
                 and self._built_axes == (1,) and self._key_dim == self._value_dim)
        if fused:
            context, scores = self._fused_attention(q, k, v, allowed), None
        else:
            q = q * jnp.asarray(self._inverse_sqrt_key_dim, q.dtype)
            scores = masked_softmax(jnp.einsum(self._dot_equation, k, q), allowed,
                                    axis=self._softmax_axes)
            weights = scores
            if training and self._dropout > 0:
                weights = dropout_weights(scores, self._dropout, self.seed_generator)
            context = jnp.einsum(self._combine_equation, weights, v)
        if gate is not None:
            context = context * gate
        output = self._project(self._output_dense, context)
        if return_attention_scores:
            return output, scores
        return output

    def _as_input(self, x):
        x = jnp.asarray(x)
        if self.autocast and is_float_dtype(x.dtype) and x.dtype != self.compute_dtype:
            x = x.astype(self.compute_dtype)
        return x

    def _project(self, projection, x):
        out = projection.call(x)
        if self._activity_regularizer is not None:
            self.add_loss(self._activity_regularizer(out))
        return out

    def _allowed_pairs(self, owner, query, value, query_mask, value_mask, key_mask,
                       attention_mask, use_causal_mask):
        """Boolean mask broadcastable to the attention scores (None: all pairs allowed)."""
        auto = logical_and(
            None if query_mask is None else query_mask[..., None],
            None if value_mask is None else value_mask[..., None, :],
            None if key_mask is None else key_mask[..., None, :],
        )
        t_len, s_len = query.shape[1], value.shape[1]
        if use_causal_mask:
            auto = logical_and(auto, causal_mask(t_len, s_len))
        if self._sliding_window is not None:
            auto = logical_and(auto, window_mask(t_len, s_len, self._sliding_window))
        allowed = logical_and(None if attention_mask is None else as_bool(attention_mask),
                              auto)
        if allowed is None:
            return None
        scores_shape = self._scores_shape(query, value)
        axis = -2 * len(self._built_axes) - 1
        while allowed.ndim < len(scores_shape):
            allowed = jnp.expand_dims(allowed, axis)
        if not _broadcastable(tuple(allowed.shape), scores_shape):
            raise ValueError(
                f"{owner}: the attention mask (attention_mask AND the query/value/key masks"
                f" AND causal) has shape {tuple(allowed.shape)} after expansion, which does "
                f"not broadcast to the attention scores {scores_shape}. attention_mask "
                f"should have shape (batch, T, S) = {(query.shape[0], t_len, s_len)} for "
                "rank-3 inputs."
            )
        return allowed

    def _scores_shape(self, query, value):
        axes = self._built_axes
        batch_like = [query.shape[i] for i in range(query.ndim - 1) if i not in axes]
        batch_like.append(self._num_heads)
        return (*batch_like, *(query.shape[i] for i in axes), *(value.shape[i] for i in axes))

    def _valid_positions(self, query, value, masks, allowed):
        """Query positions that attend to something, and key/value positions attended to.

        Everything else is replaced by 0 before the projections (its weights are 0
        anyway), which keeps NaN padding out of the outputs and the gradients.
        """
        query_mask, value_mask, key_mask = masks
        if allowed is None:
            return None, None
        if query.ndim == 3 and self._built_axes == (1,):
            full = jnp.broadcast_to(allowed, self._scores_shape(query, value))
            return jnp.any(full, axis=(1, 3)), jnp.any(full, axis=(1, 2))
        return query_mask, logical_and(value_mask, key_mask)

    def _fused_attention(self, q, k, v, allowed):
        """``jax.nn.dot_product_attention``: cuDNN's fused kernel on GPUs where it
        accepts the inputs (half precision, supported shapes), else XLA's version."""
        context = None
        if jax.default_backend() == "gpu":
            try:
                context = jax.nn.dot_product_attention(
                    q, k, v, mask=allowed, scale=self._inverse_sqrt_key_dim,
                    implementation="cudnn")
            except (ValueError, NotImplementedError, TypeError, RuntimeError):
                context = None  # unsupported dtype/shape: the XLA version below
        if context is None:
            context = jax.nn.dot_product_attention(q, k, v, mask=allowed,
                                                   scale=self._inverse_sqrt_key_dim)
        if allowed is None:
            return context
        full = jnp.broadcast_to(allowed, (q.shape[0], q.shape[2], q.shape[1], k.shape[1]))
        attends = jnp.transpose(jnp.any(full, axis=-1), (0, 2, 1))[..., None]
        return jnp.where(attends, context, jnp.zeros((), context.dtype))

    # ------------------------------------------------------------------ masks
    def compute_mask(self, query, mask=None):
        """The output keeps the query's mask (a query position stays valid or padded)."""
        return mask

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if self._output_shape:
            return (*query_shape[:-1], *self._output_shape)
        return query_shape

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }
