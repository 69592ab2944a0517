"""Turning user values (numpy, Python scalars, Variables) into jax arrays; dtype names."""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config


def standardize_dtype(dtype) -> str:
    """A dtype name string (``"float32"``); ``None`` gives ``config.floatx()``."""
    if dtype is None:
        return config.floatx()
    if dtype in ("int", int):
        return "int32"
    if dtype in ("float", float):
        return config.floatx()
    if dtype in ("bool", bool):
        return "bool"
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        return dtype.name
    return np.dtype(dtype).name if not str(dtype) == "bfloat16" else "bfloat16"


def is_float_dtype(dtype) -> bool:
    return jnp.issubdtype(jnp.dtype(standardize_dtype(dtype)), jnp.floating)


def is_tensor(x) -> bool:
    """True for jax arrays and tracers."""
    return isinstance(x, jax.Array)


def convert_to_tensor(x, dtype=None):
    """A jax array from an array-like, a Variable, or a Python scalar."""
    value = getattr(x, "_lamina_value", None)
    if value is not None:
        x = value()
    if dtype is not None:
        dtype = standardize_dtype(dtype)
        if isinstance(x, jax.Array) and x.dtype == dtype:
            return x
        return jnp.asarray(x, dtype=dtype)
    if isinstance(x, jax.Array):
        return x
    if isinstance(x, float):
        return jnp.asarray(x, dtype=config.floatx())
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        return jnp.asarray(x, dtype=config.floatx())
    return jnp.asarray(x)
