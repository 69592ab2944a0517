"""Input handling shared by the activation functions.

Activations accept jax arrays, numpy arrays, Python scalars/lists and Variables. Integer
and boolean inputs are cast to ``config.floatx()`` (activations are float functions;
Keras would fail or silently keep an integer ReLU).
"""

import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.core.keras_tensor import KerasTensor
from lamina.ops.operation import MaskNotSupportedError


def as_float_tensor(x):
    """``x`` as a jax array with a floating dtype.

    >>> as_float_tensor([1, 2]).dtype
    dtype('float32')
    """
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(config.floatx())
    return x


def check_axis_keeps_mask(fn_name, x, axis):
    """Raise if ``fn_name`` would mix masked timesteps of a symbolic ``x``.

    Functions that normalize along ``axis`` (softmax, glu...) keep a per-timestep mask
    only when ``axis`` is a feature axis, i.e. one the mask does not cover.

    >>> check_axis_keeps_mask("softmax", KerasTensor((None, 3)), axis=0)  # no mask: fine
    """
    if not isinstance(x, KerasTensor) or x._keras_mask is None:
        return
    mask_rank = len(x._keras_mask.shape)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    for a in axes:
        if a is None or (a % x.ndim if x.ndim else 0) < mask_rank:
            raise MaskNotSupportedError(
                f"activations.{fn_name}(axis={axis}) received a masked tensor of shape "
                f"{x.shape} (mask of shape {x._keras_mask.shape}, created by layer "
                f"'{x._keras_mask_origin}'): normalizing along a masked axis would mix "
                "padded and real timesteps. Fix: apply it along a feature axis (the "
                "default axis=-1), or end the mask before this call."
            )
