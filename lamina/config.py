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



# -- debugging caps of the training loop (Keras 3: KERAS_MAX_EPOCHS / _STEPS_PER_EPOCH) --
def _env_int(name):
    import os

    value = os.environ.get(name)
    return int(value) if value else None


_SETTINGS["max_epochs"] = _env_int("KERAS_MAX_EPOCHS")
_SETTINGS["max_steps_per_epoch"] = _env_int("KERAS_MAX_STEPS_PER_EPOCH")
_SETTINGS["interactive_logging"] = True


def _is_whole(value) -> bool:
    try:
        return int(value) == value
    except (TypeError, ValueError):
        return False


def _positive_or_none(owner, value):
    if value is not None and (isinstance(value, bool) or not _is_whole(value) or value < 1):
        raise ValueError(f"{owner}: expected a positive integer or None, received {value!r}.")
    return None if value is None else int(value)


def set_max_epochs(max_epochs) -> None:
    """Cap the epochs of every ``fit`` (for quick debugging runs); ``None`` removes the cap.
    The environment variable ``KERAS_MAX_EPOCHS`` sets it at import, as in Keras 3.

    >>> import lamina
    >>> lamina.config.set_max_epochs(2)
    >>> lamina.config.max_epochs()
    2
    >>> lamina.config.set_max_epochs(None)
    """
    _SETTINGS["max_epochs"] = _positive_or_none("set_max_epochs", max_epochs)


def max_epochs():
    """The cap on ``fit``'s epochs, or ``None`` (no cap)."""
    return _SETTINGS["max_epochs"]


def set_max_steps_per_epoch(max_steps_per_epoch) -> None:
    """Cap the steps of each epoch of ``fit`` and of each ``evaluate`` / ``predict`` call
    (for quick debugging runs); ``None`` removes the cap. ``KERAS_MAX_STEPS_PER_EPOCH``
    sets it at import.

    >>> import lamina
    >>> lamina.config.set_max_steps_per_epoch(5)
    >>> lamina.config.max_steps_per_epoch()
    5
    >>> lamina.config.set_max_steps_per_epoch(None)
    """
    _SETTINGS["max_steps_per_epoch"] = _positive_or_none(
        "set_max_steps_per_epoch", max_steps_per_epoch
    )


def max_steps_per_epoch():
    """The cap on steps per epoch, or ``None`` (no cap)."""
    return _SETTINGS["max_steps_per_epoch"]


# -- interactive logging -----------------------------------------------------------------
def enable_interactive_logging() -> None:
    """Progress bars and messages go to stdout (the default)."""
    _SETTINGS["interactive_logging"] = True


def disable_interactive_logging() -> None:
    """Send progress bars and messages to the Python ``logging`` logger ``"lamina"`` (at
    INFO level) instead of stdout, one line per finished bar, with no control characters:
    what log files and non-interactive jobs want.

    >>> import lamina
    >>> lamina.config.disable_interactive_logging()
    >>> lamina.config.is_interactive_logging_enabled()
    False
    >>> lamina.config.enable_interactive_logging()
    """
    _SETTINGS["interactive_logging"] = False


def is_interactive_logging_enabled() -> bool:
    """Whether messages go to stdout (``True``) or to the ``"lamina"`` logger."""
    return _SETTINGS["interactive_logging"]


def enable_unsafe_deserialization() -> None:
    """Accepted for Keras 3 code; it changes nothing, on purpose.

    Keras 3 calls this to let ``load_model`` rebuild ``Lambda`` layers from the Python
    bytecode stored in a file. lamina never turns data from a file into code, in any mode:
    a ``Lambda`` whose function was saved as bytecode must be given back by name through
    ``custom_objects`` or ``@register_keras_serializable``.

    >>> import lamina
    >>> lamina.config.enable_unsafe_deserialization()  # a no-op in lamina
    """
