"""Global numeric settings: default float dtype, fuzz factor, image data format.

These are the only settings of rung 1; per-call state (training flag, scopes) lives in
``lamina.core.context``.

>>> import lamina
>>> lamina.config.floatx()
'float32'
"""

_SETTINGS = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}
_FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")


def floatx() -> str:
    """The default float dtype for weights and inputs (``"float32"``)."""
    return _SETTINGS["floatx"]


def set_floatx(value: str) -> None:
    """Set the default float dtype, one of float16, bfloat16, float32, float64."""
    value = str(value)
    if value not in _FLOAT_DTYPES:
        raise ValueError(f"set_floatx: expected one of {_FLOAT_DTYPES}, received {value!r}.")
    _SETTINGS["floatx"] = value


def epsilon() -> float:
    """The fuzz factor used to avoid division by zero (``1e-7``)."""
    return _SETTINGS["epsilon"]


def set_epsilon(value: float) -> None:
    """Set the fuzz factor returned by :func:`epsilon`."""
    _SETTINGS["epsilon"] = float(value)


def image_data_format() -> str:
    """``"channels_last"`` or ``"channels_first"``."""
    return _SETTINGS["image_data_format"]


def set_image_data_format(value: str) -> None:
    """Set the default image data format."""
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            "set_image_data_format: expected 'channels_last' or 'channels_first', "
            f"received {value!r}."
        )
    _SETTINGS["image_data_format"] = value


def backend() -> str:
    """The backend name. lamina runs on JAX only, so this is always ``"jax"``."""
    return "jax"


def set_dtype_policy(policy) -> None:
    """Set the global dtype policy (e.g. ``"mixed_bfloat16"``); see
    :mod:`lamina.dtype_policies`. ``None`` goes back to ``floatx()``."""
    from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_global

    set_global(policy)


def dtype_policy():
    """The global :class:`~lamina.dtype_policies.DTypePolicy`."""
    from lamina.dtype_policies.dtype_policy import dtype_policy as global_policy

    return global_policy()

