"""``DropoutRNNCell``: dropout masks drawn once per sequence for a recurrent cell.

A cell mixing this in has ``dropout``, ``recurrent_dropout`` (rates in ``[0, 1]``) and a
``seed_generator`` (a :class:`~lamina.core.random.SeedGenerator`). As in Keras, the same
mask is used at every timestep of a sequence (variational dropout): the RNN layer draws
the masks *before* its ``lax.scan`` (drawing advances the seed generator, which cannot
happen inside the loop) and clears them after the call.

>>> import jax.numpy as jnp
>>> x = jnp.ones((2, 3))
>>> masked_matmul(x, jnp.ones((3, 4)), None).shape
(2, 4)
>>> per_gate = jnp.ones((2, 2, 3))  # two gates, each with its own input mask
>>> masked_matmul(x, jnp.ones((3, 4)), per_gate).tolist()
[[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]
"""

import jax
import jax.numpy as jnp


def check_rate(layer_name, argument, value):
    """``value`` as a float in ``[0, 1]``, or an error naming the layer and argument.

    >>> check_rate("lstm", "dropout", 0.25)
    0.25
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(
            f"Layer '{layer_name}': {argument} must be a float in [0, 1] (the fraction of "
            f"units to drop), received {argument}={value!r}."
        )
    return float(value)


def check_units(layer_name, units):
    """``units`` as a positive int, or an error naming the layer.

    >>> check_units("gru", 4)
    4
    """
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            f"Layer '{layer_name}': units must be a positive integer, received "
            f"units={units!r}."
        )
    return units


def masked_matmul(x, kernel, mask):
    """``x @ kernel`` where ``x`` is first scaled by a dropout ``mask``.

    ``mask`` is None (no dropout), shaped like ``x`` (one mask for every gate), or
    ``(gates, *x.shape)``: one mask per gate, the kernel's columns being split into
    ``gates`` equal blocks (Keras' ``implementation=1`` cells).
    """
    if mask is None:
        return x @ kernel
    if mask.ndim == x.ndim:
        return (x * mask) @ kernel
    gates = mask.shape[0]
    per_gate = x[None] * mask
    blocks = kernel.reshape(kernel.shape[0], gates, -1)
    out = jnp.einsum("gbi,igu->bgu", per_gate, blocks)
    return out.reshape(x.shape[0], -1)


def gate_mask(mask, gate):
    """The dropout mask of one gate (``mask`` shared by all gates, per gate, or None)."""
    if mask is None or mask.ndim == 2:
        return mask
    return mask[gate]


class DropoutRNNCell:
    """Mixin giving a cell per-sequence dropout masks (not a layer by itself).

    Cells set ``dropout_mask_count`` to the number of gates to draw one mask per gate
    (Keras' ``implementation=1``), or leave it None for one mask shared by all gates.
    The masks scale kept units by ``1 / (1 - rate)``; a rate of 1 drops everything.
    """

    dropout_mask_count = None

    def _create_dropout_mask(self, step_input, rate):
        count = self.dropout_mask_count
        shape = tuple(step_input.shape) if count is None else (count, *step_input.shape)
        dtype = step_input.dtype
        if rate >= 1:
            return jnp.zeros(shape, dtype)
        keep = jax.random.bernoulli(self.seed_generator.next(), 1.0 - rate, shape)
        return jnp.where(keep, jnp.asarray(1.0 / (1.0 - rate), dtype), jnp.zeros((), dtype))

    def get_dropout_mask(self, step_input):
        """The input dropout mask of the current sequence (drawn on first use)."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_state):
        """The recurrent-state dropout mask of the current sequence (drawn on first use)."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_state, self.recurrent_dropout
            )
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self):
        """Forget the input mask: the next sequence draws a new one."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        """Forget the recurrent mask: the next sequence draws a new one."""
        self._recurrent_dropout_mask = None
