"""``GroupQueryAttention``: attention where groups of query heads share key/value heads.

>>> import numpy as np
>>> layer = GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
>>> x = np.ones((1, 3, 6), "float32")
>>> layer(x, x).shape
(1, 3, 6)
>>> [(w.path, w.shape) for w in layer.weights][:3]
[('query/kernel', (6, 4, 4)), ('query/bias', (4, 4)), ('key/kernel', (6, 2, 4))]
"""

import math

import jax
import jax.numpy as jnp

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.core.convert import is_float_dtype
from lamina.core.random import SeedGenerator
from lamina.layers.attention.arguments import check_dropout, positive_int
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


@register_builtin(names=("GroupQueryAttention",))
class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023), Keras 3 weights and masking.

    ``num_query_heads`` query heads of size ``head_dim`` attend over
    ``num_key_value_heads`` key/value heads; each key/value head serves
    ``num_query_heads // num_key_value_heads`` query heads. ``num_key_value_heads == 1``
    is multi-query attention; equal counts give multi-head attention. The output has the
    query's shape. Exported as ``lamina.layers.GroupQueryAttention`` (the Keras name);
    configs name the class ``GroupedQueryAttention``, as Keras writes them.

    Args:
        head_dim: size of each head.
        num_query_heads, num_key_value_heads: head counts (the first a multiple of the
            second).
        dropout: dropout rate on the attention weights (training only).
        use_bias: whether the projections have biases.
        sliding_window: optional int ``w``: query ``i`` sees keys with ``|i - j| < w``.
        flash_attention: ``None`` (default) uses ``jax.nn.dot_product_attention`` (cuDNN
            fused kernel on GPUs where it applies) when no scores are returned and no
            dropout is active; ``True`` asks for it and rejects ``dropout`` and
            ``return_attention_scores``; ``False`` always computes the scores explicitly.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        kernel_constraint, bias_constraint: for every projection.
        activity_regularizer: on each projection's output and on the layer's output (as
            Keras applies it).
        use_gate: sigmoid gate (a projection of the query) on the heads' output.
        seed: int seed of the dropout.

    Call arguments: ``query (B, T, dim)``, ``value (B, S, dim)`` (lamina: default
    ``query``, self-attention), ``key`` (default ``value``), ``query_mask``,
    ``value_mask``, ``key_mask``, ``attention_mask (B, T, S)``,
    ``return_attention_scores`` (scores ``(B, num_query_heads, T, S)``), ``training``,
    ``use_causal_mask``.

    Masks follow ``MultiHeadAttention``: the inputs' masks fill the mask arguments, the
    allowed (query, key) pairs are AND-ed with ``attention_mask``, causal and window
    masks, a query with nothing to attend to gets zero weights (not NaN), masked
    positions never leak NaN padding, and the output carries the query's mask.

    >>> import numpy as np
    >>> x = np.random.default_rng(0).normal(size=(2, 4, 8)).astype("float32")
    >>> layer = GroupQueryAttention(4, 4, 1)
    >>> out, scores = layer(x, x, use_causal_mask=True, return_attention_scores=True)
    >>> out.shape, scores.shape, float(scores[0, 0, 0, 1])
    ((2, 4, 8), (2, 4, 4, 4), 0.0)
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = self._owner()
        self.head_dim = positive_int(owner, "head_dim", head_dim)
        self.num_query_heads = positive_int(owner, "num_query_heads", num_query_heads)
        self.num_key_value_heads = positive_int(owner, "num_key_value_heads",
                                                num_key_value_heads)
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"{owner}: num_query_heads ({num_query_heads}) must be a multiple of "
                f"num_key_value_heads ({num_key_value_heads}); each key/value head serves "
                "the same number of query heads."
            )
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = check_dropout(owner, dropout)
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        self.sliding_window = positive_int(owner, "sliding_window", sliding_window, True)
        self._flash_attention = None if flash_attention is None else bool(flash_attention)
        if self._flash_attention and dropout > 0:
            raise ValueError(f"{owner}: flash_attention=True does not support dropout "
                             f"(dropout={dropout}). Set dropout=0.0 or flash_attention=None.")
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self.supports_masking = True
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(self.head_dim))
        self.seed_generator = SeedGenerator(seed) if dropout > 0 else None
        # Sublayers in Keras weight order: query, key, (gate), value, attention_output.
        self._query_dense = self._key_dense = self._gate_dense = None
        self._value_dense = self._output_dense = None

    def _owner(self):
        return f"GroupQueryAttention '{self.name}'"

    def build(self, query_shape, value_shape=None, key_shape=None):
        owner = self._owner()
        query_shape = tuple(query_shape)
        value_shape = query_shape if value_shape is None else tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        for arg, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if len(shape) != 3 or shape[-1] is None:
                raise ValueError(f"{owner}: {arg} must have shape (batch, time, features) "
                                 f"with known features, received {arg}_shape={shape}.")
        if value_shape[1] != key_shape[1]:
            raise ValueError(f"{owner}: value and key must have the same length, received "
                             f"value_shape={value_shape} and key_shape={key_shape}.")
        q_heads = (self.num_query_heads, self.head_dim)
        kv_heads = (self.num_key_value_heads, self.head_dim)
        self._query_dense = self._projection("query", query_shape, q_heads)
        self._key_dense = self._projection("key", key_shape, kv_heads)
        if self.use_gate:
            self._gate_dense = self._projection("gate", query_shape, q_heads, "sigmoid")
        self._value_dense = self._projection("value", value_shape, kv_heads)
        self._output_dense = self._projection(
            "attention_output", (*query_shape[:-1], *q_heads), (query_shape[-1],),
            bound_dims=2)
        self.built = True

    def _projection(self, name, input_shape, output_dims, activation=None, bound_dims=1):
        return build_projection(
            self.kernel_initializer, self.bias_initializer, name=name,
            input_shape=input_shape, output_dims=output_dims, bound_dims=bound_dims,
            use_bias=self.use_bias, activation=activation,
            kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
            dtype=self.dtype,
        )

    def call(self, query, value=None, key=None, query_mask=None, value_mask=None,
             key_mask=None, attention_mask=None, return_attention_scores=False,
             training=None, use_causal_mask=False, mask=None):
        owner = self._owner()
        if isinstance(mask, (list, tuple)):
            raise ValueError(f"{owner}: mask= is the query's mask (one array); pass the "
                             "others as value_mask= / key_mask=.")
        if return_attention_scores and self._flash_attention:
            raise ValueError(f"{owner}: return_attention_scores=True is not supported with "
                             "flash_attention=True. Set flash_attention=None.")
        query = self._as_input(query)
        query_mask = mask if query_mask is None else query_mask
        if value is None:
            value = query
            value_mask = query_mask if value_mask is None else value_mask
        value = self._as_input(value)
        key = value if key is None else self._as_input(key)
        masks = [None if m is None else check_position_mask(owner, arg, m, x)
                 for arg, m, x in (("query_mask", query_mask, query),
                                   ("value_mask", value_mask, value),
                                   ("key_mask", key_mask, key))]
        allowed = self._allowed_pairs(owner, query, value, *masks, attention_mask,
                                      use_causal_mask)
        if allowed is not None:
            query = where_valid(query, jnp.any(allowed, axis=-1))
            kv_valid = jnp.any(allowed, axis=-2)
            value, key = where_valid(value, kv_valid), where_valid(key, kv_valid)
            allowed = allowed[:, None]  # (B, 1, T, S): the same for every head

        gate = self._project(self._gate_dense, query) if self.use_gate else None
        q = self._project(self._query_dense, query)
        k = self._project(self._key_dense, key)
        v = self._project(self._value_dense, value)
        if (self._flash_attention is not False and not return_attention_scores
                and not (training and self.dropout > 0)):
            context, scores = self._fused_attention(q, k, v, allowed), None
        else:
            k = jnp.repeat(k, self.num_repeats, axis=2)
            v = jnp.repeat(v, self.num_repeats, axis=2)
            q = q * jnp.asarray(self._inverse_sqrt_head_dim, q.dtype)
            scores = masked_softmax(jnp.einsum("bquh,bkuh->buqk", q, k), allowed)
            weights = scores
            if training and self.dropout > 0:
                weights = dropout_weights(scores, self.dropout, self.seed_generator)
            context = jnp.einsum("buqk,bkuh->bquh", weights, v)
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
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(out) / jnp.asarray(out.shape[0], "float32"))
        return out

    def _allowed_pairs(self, owner, query, value, query_mask, value_mask, key_mask,
                       attention_mask, use_causal_mask):
        """``(B, T, S)`` boolean mask of the allowed (query, key) pairs, or None."""
        t_len, s_len = query.shape[1], value.shape[1]
        allowed = logical_and(
            None if query_mask is None else query_mask[..., None],
            None if value_mask is None else value_mask[..., None, :],
            None if key_mask is None else key_mask[..., None, :],
            causal_mask(t_len, s_len) if use_causal_mask else None,
            None if self.sliding_window is None else window_mask(t_len, s_len,
                                                                 self.sliding_window),
            None if attention_mask is None else as_bool(attention_mask),
        )
        if allowed is None:
            return None
        target = (query.shape[0], t_len, s_len)
        try:
            return jnp.broadcast_to(allowed, target)
        except ValueError:
            raise ValueError(
                f"{owner}: the attention mask (attention_mask AND the query/value/key masks "
                f"AND causal/window) has shape {tuple(allowed.shape)}, which does not "
                f"broadcast to (batch, T, S) = {target}. Pass attention_mask of shape "
                f"{target}."
            ) from None

    def _fused_attention(self, q, k, v, allowed):
        """``jax.nn.dot_product_attention`` (it shares key/value heads across groups)."""
        context = None
        if jax.default_backend() == "gpu":
            try:
                context = jax.nn.dot_product_attention(
                    q, k, v, mask=allowed, scale=self._inverse_sqrt_head_dim,
                    implementation="cudnn")
            except (ValueError, NotImplementedError, TypeError, RuntimeError):
                context = None  # unsupported dtype/shape: the XLA version below
        if context is None:
            context = jax.nn.dot_product_attention(q, k, v, mask=allowed,
                                                   scale=self._inverse_sqrt_head_dim)
        if allowed is None:
            return context
        attends = jnp.any(allowed[:, 0], axis=-1)[..., None, None]  # (B, T, 1, 1)
        return jnp.where(attends, context, jnp.zeros((), context.dtype))

    def compute_mask(self, query, mask=None):
        """The output keeps the query's mask."""
        return mask

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }


# The Keras 3 public name (``keras.layers.GroupQueryAttention``).
GroupQueryAttention = GroupedQueryAttention
