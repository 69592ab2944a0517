"""``pack_x_y_sample_weight`` / ``unpack_x_y_sample_weight``: the ``(x, y, sample_weight)``
convention of ``fit`` elements and ``train_step`` data."""


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The shortest tuple for ``x``, ``y``, ``sample_weight``: ``x`` alone (wrapped as
    ``(x,)`` when it is itself a list/tuple, so it is not read as ``(x, y)``), ``(x, y)`` or
    ``(x, y, sample_weight)``.

    >>> pack_x_y_sample_weight(1), pack_x_y_sample_weight([1, 2]), pack_x_y_sample_weight(1, 2)
    (1, ([1, 2],), (1, 2))
    """
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """Split ``x`` / ``(x,)`` / ``(x, y)`` / ``(x, y, sample_weight)`` into three values
    (missing ones are ``None``); a list is read like a tuple.

    >>> unpack_x_y_sample_weight((1, 2))
    (1, 2, None)
    >>> unpack_x_y_sample_weight("x")
    ('x', None, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return tuple(data)
    raise ValueError(
        "unpack_x_y_sample_weight: data must be x, (x,), (x, y) or (x, y, sample_weight); "
        f"received a {type(data).__name__} of {len(data)} items."
    )
