"""Argument checks shared by the attention layers (errors name the layer and argument).

>>> positive_int("MultiHeadAttention 'mha'", "num_heads", 4)
4
>>> check_dropout("Attention 'att'", 0.1)
0.1
"""


def positive_int(owner, arg, value, allow_none=False):
    """``value`` if it is a positive int (or None when ``allow_none``), else a ValueError.

    >>> positive_int("layer", "key_dim", None, allow_none=True) is None
    True
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"{owner}: {arg} must be a positive integer{' or None' if allow_none else ''}, "
            f"received {arg}={value!r}."
        )
    return value


def check_dropout(owner, dropout):
    """``dropout`` if it is a number in ``[0, 1)``, else a ValueError."""
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
        0 <= dropout < 1
    ):
        raise ValueError(
            f"{owner}: dropout must be a float in [0, 1), received dropout={dropout!r}."
        )
    return dropout


def check_output_shape(owner, output_shape):
    """``output_shape`` as a tuple of positive ints (an int ``n`` gives ``(n,)``), or None.

    >>> check_output_shape("mha", 8), check_output_shape("mha", None)
    ((8,), None)
    """
    if output_shape is None or output_shape == () or output_shape == []:
        return None
    if isinstance(output_shape, int) and not isinstance(output_shape, bool):
        output_shape = (output_shape,)
    if not isinstance(output_shape, (list, tuple)) or not all(
        isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in output_shape
    ):
        raise ValueError(
            f"{owner}: output_shape must be a positive int or a tuple of positive ints, "
            f"received output_shape={output_shape!r}."
        )
    return tuple(output_shape)
