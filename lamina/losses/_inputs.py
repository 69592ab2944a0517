"""Input conversion shared by the loss (and metric) functions."""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.losses.shapes import align_shapes


def float_tensor(x):
    """``x`` as a jax array with a floating dtype (integers become ``floatx``)."""
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(config.floatx())
    return x


def prepare(owner, y_true, y_pred, rule="same", axis=-1):
    """Float ``y_pred``, ``y_true`` cast to its dtype, shapes aligned and checked."""
    y_pred = float_tensor(y_pred)
    y_true = convert_to_tensor(y_true, dtype=y_pred.dtype)
    return align_shapes(owner, y_true, y_pred, rule=rule, axis=axis)
