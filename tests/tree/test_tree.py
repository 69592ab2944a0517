"""lamina.tree against keras.tree: same leaves, same order, same rebuilt structures."""

import collections

import numpy as np
import pytest

from lamina import tree

Point = collections.namedtuple("Point", ["x", "y"])
OtherPoint = collections.namedtuple("Point", ["x", "y"])

STRUCTURES = [
    1,
    None,
    "text",
    [],
    [1, [2, [3, None]], (4,)],
    {"b": 1, "a": [2, 3], "c": {"z": None, "y": (4, 5)}},
    collections.OrderedDict([("b", 1), ("a", 2)]),
    collections.defaultdict(list, {"q": 1, "p": [2]}),
    Point(x=[1, 2], y={"k": 3}),
    collections.deque([1, (2, 3)]),
    {100: "world!", 6: "Hello"},
    {"b": "b", 1: 1, "a": "a", 2.5: 2.5, None: "none", (1,): "tup"},
    [np.zeros(2), {"m": np.ones(3)}],
]


@pytest.fixture(scope="module")
def ktree():
    return pytest.importorskip("keras").tree


def _same(a, b):
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, (list, tuple, collections.deque)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


@pytest.mark.parametrize("structure", STRUCTURES, ids=lambda s: type(s).__name__)
def test_flatten_pack_map_match_keras(ktree, structure):
    flat = tree.flatten(structure)
    assert [id(v) for v in flat] == [id(v) for v in ktree.flatten(structure)]
    assert tree.is_nested(structure) == ktree.is_nested(structure)
    paths = [p for p, _ in tree.flatten_with_path(structure)]
    assert paths == [p for p, _ in ktree.flatten_with_path(structure)]
    numbered = list(range(len(flat)))
    _same(tree.pack_sequence_as(structure, numbered), ktree.pack_sequence_as(structure, numbered))
    _same(tree.map_structure(repr, structure), ktree.map_structure(repr, structure))
    _same(tree.lists_to_tuples(structure), ktree.lists_to_tuples(structure))


@pytest.mark.parametrize("top_down", [True, False])
def test_traverse_matches_keras(ktree, top_down):
    structure = [(1, 2), [3], {"a": 4, "b": [5, None]}]
    ours, theirs = [], []
    out = tree.traverse(ours.append, structure, top_down=top_down)
    expected = ktree.traverse(theirs.append, structure, top_down=top_down)
    assert ours == theirs
    _same(out, expected)

    def replace(x):
        if x == 3:
            return tree.MAP_TO_NONE
        if isinstance(x, tuple):
            return "tuple"
        return None

    def kreplace(x):
        out = replace(x)
        return ktree.MAP_TO_NONE if out is tree.MAP_TO_NONE else out

    _same(
        tree.traverse(replace, structure, top_down=top_down),
        ktree.traverse(kreplace, structure, top_down=top_down),
    )


@pytest.mark.parametrize(
    "a, b",
    [
        ([0, 1], (0, 1)),
        ([0, [1]], [0, 1]),
        ({"a": 1}, {"b": 1}),
        (Point(0, 1), OtherPoint(0, 1)),
        ([0, 1], [0, 1, 2]),
        ({"a": 1, "b": 2}, collections.OrderedDict([("b", 3), ("a", 4)])),
        ([None, (1,)], [2, (3,)]),
    ],
)
def test_assert_same_structure_agrees_with_keras(ktree, a, b):
    def outcome(fn):
        try:
            fn(a, b)
            return True
        except ValueError:
            return False

    assert outcome(tree.assert_same_structure) == outcome(ktree.assert_same_structure)
    assert outcome(tree.assert_same_paths) == outcome(ktree.assert_same_paths)
    assert outcome(lambda x, y: tree.map_structure(lambda *v: v, x, y)) == outcome(
        lambda x, y: ktree.map_structure(lambda *v: v, x, y)
    )


def test_map_structure_none_is_leaf_false_matches_keras(ktree):
    structure = {"a": None, "b": [1, None, 2]}
    fn = lambda v: v * 3  # noqa: E731
    _same(
        tree.map_structure(fn, structure, none_is_leaf=False),
        ktree.map_structure(fn, structure, none_is_leaf=False),
    )


def test_map_structure_up_to_matches_keras(ktree):
    # Keras 3.15's optree path rejects None as a shallow leaf (its own docstring example
    # fails); lamina follows the docstring, so the parity case uses 0 leaves.
    shallow = {"x": 0, "y": [0, 0]}
    deep = {"x": [1, 2, 3], "y": [(4, 5), {"k": 6}]}
    ours = tree.map_structure_up_to(shallow, str, deep)
    _same(ours, ktree.map_structure_up_to(shallow, str, deep))
    none_shallow = {"x": None, "y": [None, None]}
    assert tree.map_structure_up_to(none_shallow, str, deep) == {
        "x": "[1, 2, 3]",
        "y": ["(4, 5)", "{'k': 6}"],
    }
    with pytest.raises(ValueError):
        tree.map_structure_up_to({"x": [None, None]}, str, {"x": 1})


def test_map_shape_structure_matches_keras(ktree):
    structure = {"a": (None, 3), "b": [[2, 4], (5,)], "c": "name", "d": ()}
    fn = lambda s: ("shape", s)  # noqa: E731
    _same(tree.map_shape_structure(fn, structure), ktree.map_shape_structure(fn, structure))


def test_pack_sequence_as_errors_teach():
    with pytest.raises(ValueError, match="3 leaves but flat_sequence has 2"):
        tree.pack_sequence_as([1, [2, 3]], [0, 0])
    with pytest.raises(TypeError, match="iterable"):
        tree.pack_sequence_as([1], 5)
    assert tree.pack_sequence_as(7, ["only"]) == "only"


def test_check_types_is_deprecated():
    with pytest.warns(DeprecationWarning):
        tree.assert_same_structure([1], [2], check_types=True)
