"""Keras 3's ``keras.tree`` functions, written over plain Python containers.

Nested containers ("nodes") are ``list``, ``tuple``, namedtuples, ``dict``,
``collections.OrderedDict``, ``collections.defaultdict`` and ``collections.deque``;
everything else, ``None`` included, is a leaf. A plain ``dict`` yields its values in
sorted-key order (keys of mixed types sorted by type name, then value) and an ``OrderedDict``
in insertion order; rebuilt dicts keep the key order of the structure they came from.
These are the rules Keras 3 follows with optree, so flat lists line up between the two.

>>> flatten({"b": [1, 2], "a": (3, None)})
[3, None, 1, 2]
>>> map_structure(lambda v: v * 10, {"b": [1, 2], "a": 3})
{'b': [10, 20], 'a': 30}
"""

import collections
import warnings

_SEQUENCES = (list, tuple, collections.deque)
_MAPPINGS = (dict, collections.OrderedDict, collections.defaultdict)


class MAP_TO_NONE:
    """Return this class from a :func:`traverse` function to put ``None`` in its place.

    >>> traverse(lambda x: MAP_TO_NONE if x == 2 else None, [1, 2])
    [1, None]
    """


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_nested(structure) -> bool:
    """True when ``structure`` is a container this namespace walks into.

    >>> is_nested([1]), is_nested({"a": 1}), is_nested("text"), is_nested(None)
    (True, True, False, False)
    """
    return (
        type(structure) in _SEQUENCES or type(structure) in _MAPPINGS or _is_namedtuple(structure)
    )


def _keys(node) -> list:
    """The child keys of a node, in flattening order."""
    if isinstance(node, _MAPPINGS):
        if type(node) is collections.OrderedDict:
            return list(node)
        try:
            return sorted(node)
        except TypeError:  # mixed key types: group by type name first, as optree does
            try:
                return sorted(node, key=lambda k: (type(k).__qualname__, k))
            except TypeError:
                return list(node)
    return list(range(len(node)))


def _children(node) -> list:
    return [node[k] for k in _keys(node)] if isinstance(node, _MAPPINGS) else list(node)


def _rebuild(node, values):
    """A node of the same kind as ``node`` holding ``values`` (in flattening order)."""
    values = list(values)
    if isinstance(node, _MAPPINGS):
        by_key = dict(zip(_keys(node), values))
        items = [(k, by_key[k]) for k in node]
        if type(node) is collections.defaultdict:
            return collections.defaultdict(node.default_factory, items)
        return type(node)(items)
    if _is_namedtuple(node):
        return type(node)(*values)
    if type(node) is collections.deque:
        return collections.deque(values, maxlen=node.maxlen)
    return type(node)(values)


def flatten(structure) -> list:
    """The leaves of ``structure``, depth first (``None`` is a leaf).

    >>> flatten([[1, 2, 3], [4, [5], [[6]]]])
    [1, 2, 3, 4, 5, 6]
    >>> flatten({100: "world!", 6: "Hello"}), flatten(None)
    (['Hello', 'world!'], [None])
    """
    if not is_nested(structure):
        return [structure]
    leaves = []
    for child in _children(structure):
        leaves.extend(flatten(child))
    return leaves


def flatten_with_path(structure) -> list:
    """``(path, leaf)`` pairs; a path is the tuple of keys / indices leading to the leaf.

    >>> flatten_with_path([{"foo": 42}, 7])
    [((0, 'foo'), 42), ((1,), 7)]
    """
    if not is_nested(structure):
        return [((), structure)]
    pairs = []
    for key, child in zip(_keys(structure), _children(structure)):
        pairs.extend(((key, *path), leaf) for path, leaf in flatten_with_path(child))
    return pairs


def _kind(node):
    """What must agree between two nodes for them to be "the same structure"."""
    if isinstance(node, _MAPPINGS):
        return "mapping"
    return type(node)


def _mismatch(a, b, where):
    """A description of the first difference between ``a`` and ``b``, or None."""
    a_nested, b_nested = is_nested(a), is_nested(b)
    if not a_nested and not b_nested:
        return None
    if a_nested != b_nested:
        leaf, node = (a, b) if b_nested else (b, a)
        return f"at {where or 'the top'}: a leaf ({type(leaf).__name__}) vs a {type(node).__name__}"
    if _kind(a) != _kind(b):
        return f"at {where or 'the top'}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, _MAPPINGS):
        if set(a) != set(b):
            return f"at {where or 'the top'}: keys {sorted(map(str, a))} vs {sorted(map(str, b))}"
    elif len(a) != len(b):
        return f"at {where or 'the top'}: {len(a)} vs {len(b)} items"
    for key in _keys(a):
        problem = _mismatch(a[key], b[key], f"{where}[{key!r}]")
        if problem:
            return problem
    return None


def assert_same_structure(a, b, check_types=None):
    """Raise ``ValueError`` unless ``a`` and ``b`` nest the same way.

    Node types must agree (a list is not a tuple, two namedtuple classes differ), except
    that ``dict``, ``OrderedDict`` and ``defaultdict`` with the same keys match.
    ``check_types`` is accepted for old code and has no effect (as in Keras 3).

    >>> assert_same_structure([(0, 1)], [(2, 3)])
    >>> assert_same_structure([0, 1], (0, 1))
    Traceback (most recent call last):
    ...
    ValueError: The two structures don't have the same nested structure: at the top: list vs tuple.
    """
    if check_types is not None:
        warnings.warn(
            "assert_same_structure: check_types has no effect (Keras 3 deprecated it); "
            "use lamina.tree.assert_same_paths for a check that ignores container types.",
            DeprecationWarning,
            stacklevel=2,
        )
    problem = _mismatch(a, b, "")
    if problem:
        raise ValueError(f"The two structures don't have the same nested structure: {problem}.")


def assert_same_paths(a, b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same leaf paths (container
    types are ignored: a list matches a tuple of the same length).

    >>> assert_same_paths([0, 1], (2, 3))
    """
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        message = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            message += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            message += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(message)


def _map(func, structures, none_is_leaf):
    first = structures[0]
    if first is None and not none_is_leaf:
        return None
    if not is_nested(first):
        return func(*structures)
    keys = _keys(first)
    values = [_map(func, [s[k] for s in structures], none_is_leaf) for k in keys]
    return _rebuild(first, values)


def map_structure(func, *structures, none_is_leaf=True):
    """Apply ``func`` leaf by leaf to structures of the same layout.

    With ``none_is_leaf=False``, ``None`` entries stay ``None`` and ``func`` never sees
    them.

    >>> map_structure(lambda x, y: x * y, [[1], [2]], [[3], [4]])
    [[3], [8]]
    >>> map_structure(lambda v: v + 1, [1, None], none_is_leaf=False)
    [2, None]
    """
    if not structures:
        raise ValueError("map_structure: pass at least one structure.")
    if not callable(func):
        raise TypeError(f"map_structure: func must be callable, received {func!r}.")
    for other in structures[1:]:
        assert_same_structure(structures[0], other)
    return _map(func, list(structures), none_is_leaf)


def _up_to(shallow, structures, func, where):
    if not is_nested(shallow):
        return func(*structures)
    for s in structures:
        if not is_nested(s) or _kind(s) != _kind(shallow):
            raise ValueError(
                "Structures don't have the same nested structure: at "
                f"{where or 'the top'}, shallow_structure has a {type(shallow).__name__} but "
                f"the structure has {type(s).__name__}."
            )
        if (set(s) != set(shallow)) if isinstance(s, _MAPPINGS) else len(s) != len(shallow):
            raise ValueError(
                "Structures don't have the same nested structure: at "
                f"{where or 'the top'}, the sizes or keys differ from shallow_structure."
            )
    values = [
        _up_to(shallow[k], [s[k] for s in structures], func, f"{where}[{k!r}]")
        for k in _keys(shallow)
    ]
    return _rebuild(shallow, values)


def map_structure_up_to(shallow_structure, func, *structures):
    """Like :func:`map_structure`, but stop at the leaves of ``shallow_structure``: ``func``
    receives whole sub-structures there.

    >>> map_structure_up_to([None, None], len, [[1, 1], [2, 2, 2]])
    [2, 3]
    >>> map_structure_up_to([None, [None, None]], str, [[1, 1], [2, 2]])
    ['[1, 1]', ['2', '2']]
    """
    if not structures:
        raise ValueError("map_structure_up_to: pass at least one structure.")
    return _up_to(shallow_structure, list(structures), func, "")


def pack_sequence_as(structure, flat_sequence):
    """Put the items of ``flat_sequence`` into the layout of ``structure``.

    >>> pack_sequence_as({"b": None, "a": None}, [1, 2])
    {'b': 2, 'a': 1}
    >>> pack_sequence_as((("a", "b"), "c"), [1.0, 2.0, 3.0])
    ((1.0, 2.0), 3.0)
    """
    try:
        flat = list(flat_sequence)
    except TypeError:
        raise TypeError(
            "pack_sequence_as: flat_sequence must be a list or other iterable, received "
            f"{type(flat_sequence).__name__}."
        ) from None
    expected = len(flatten(structure))
    if len(flat) != expected:
        raise ValueError(
            f"pack_sequence_as: the structure has {expected} leaves but flat_sequence has "
            f"{len(flat)} items."
        )
    items = iter(flat)
    return _map(lambda _: next(items), [structure], True)


def traverse(func, structure, top_down=True):
    """Visit every sub-structure depth first and rebuild with ``func``'s replacements.

    Top-down, ``func`` sees a parent before its children; a result other than ``None``
    replaces the sub-tree and stops the descent into it. Bottom-up, ``func`` sees the
    already-traversed sub-tree; ``None`` keeps it. Return :class:`MAP_TO_NONE` to put a
    real ``None`` in the output.

    >>> seen = []
    >>> traverse(seen.append, [(1, 2), [3]])
    [(1, 2), [3]]
    >>> seen
    [[(1, 2), [3]], (1, 2), 1, 2, [3], 3]
    """
    if not callable(func):
        raise TypeError(f"traverse: func must be callable, received {func!r}.")

    def children_done(node):
        if not is_nested(node):
            return node
        return _rebuild(node, [traverse(func, c, top_down) for c in _children(node)])

    if top_down:
        result = func(structure)
        if result is None:
            return children_done(structure)
    else:
        done = children_done(structure)
        result = func(done)
        if result is None:
            return done
    return None if result is MAP_TO_NONE else result


def lists_to_tuples(structure):
    """The same structure with every list turned into a tuple.

    >>> lists_to_tuples([1, [2, {"a": [3]}]])
    (1, (2, {'a': (3,)}))
    """
    return traverse(
        lambda node: tuple(node) if type(node) is list else None, structure, top_down=False
    )


def _is_shape(x) -> bool:
    return isinstance(x, (list, tuple)) and all(e is None or isinstance(e, int) for e in x)


def map_shape_structure(func, structure):
    """Like :func:`map_structure`, but a list/tuple of ints and ``None`` (a shape) is one
    leaf handed to ``func`` whole.

    >>> map_shape_structure(lambda s: (None, *s[1:]), {"x": (8, 3), "y": [(8, 1)]})
    {'x': (None, 3), 'y': [(None, 1)]}
    """
    if _is_shape(structure) or not is_nested(structure):
        return func(structure)
    return _rebuild(structure, [map_shape_structure(func, c) for c in _children(structure)])
