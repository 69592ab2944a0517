"""Shape structures: a shape is a tuple/list of ints and None; structures nest them.

>>> map_shapes(lambda s: len(s), [(None, 3), {"a": (2, 2, 2)}])
[2, {'a': 3}]
"""


def is_shape(value) -> bool:
    """True for a tuple/list of ints and None (an empty tuple is a scalar's shape)."""
    return isinstance(value, (tuple, list)) and all(d is None or isinstance(d, int) for d in value)


def map_shapes(fn, shapes):
    """Apply ``fn`` to each shape (as a tuple) in a nested list/tuple/dict structure."""
    if is_shape(shapes):
        return fn(tuple(shapes))
    if isinstance(shapes, dict):
        return {k: map_shapes(fn, v) for k, v in shapes.items()}
    return [map_shapes(fn, s) for s in shapes]
