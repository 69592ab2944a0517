"""pad_sequences against keras.utils.pad_sequences (same inputs, same arrays)."""

import numpy as np
import pytest

from lamina.utils import pad_sequences

CASES = [
    dict(),
    dict(maxlen=2),
    dict(maxlen=6),
    dict(padding="post"),
    dict(truncating="post", maxlen=2),
    dict(padding="post", truncating="post", maxlen=3, value=-1),
    dict(dtype="float32", value=0.5),
    dict(dtype="int64", maxlen=4, padding="post"),
]
SEQUENCES = [[1, 2, 3, 4], [5], [], [6, 7]]


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.parametrize("kwargs", CASES, ids=str)
def test_matches_keras(keras, kwargs):
    ours = pad_sequences(SEQUENCES, **kwargs)
    theirs = keras.utils.pad_sequences(SEQUENCES, **kwargs)
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_items_with_their_own_shape_match_keras(keras):
    sequences = [np.ones((3, 2)), np.full((1, 2), 7.0)]
    for padding in ("pre", "post"):
        ours = pad_sequences(sequences, dtype="float32", padding=padding, maxlen=2)
        theirs = keras.utils.pad_sequences(sequences, dtype="float32", padding=padding, maxlen=2)
        np.testing.assert_array_equal(ours, theirs)
        assert ours.shape == (2, 2, 2)


def test_strings_match_keras(keras):
    sequences = [["a", "bb"], ["ccc"]]
    ours = pad_sequences(sequences, dtype=object, value="<pad>")
    theirs = keras.utils.pad_sequences(sequences, dtype=object, value="<pad>")
    assert ours.tolist() == theirs.tolist() == [["a", "bb"], ["<pad>", "ccc"]]
    fixed = pad_sequences(sequences, dtype="<U5", value="-", padding="post")
    assert fixed.tolist() == [["a", "bb"], ["ccc", "-"]]


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="dtype=object"):
        pad_sequences([["a"]], value="x")
    with pytest.raises(ValueError, match="`padding` must be 'pre' or 'post'"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="`truncating`"):
        pad_sequences([[1]], truncating="both")
    with pytest.raises(ValueError, match="sequence 1 is not a sequence"):
        pad_sequences([[1], 3])
    with pytest.raises(ValueError, match="same shape"):
        pad_sequences([np.ones((2, 2)), np.ones((2, 3))], dtype="float32")
    with pytest.raises(ValueError, match="sized iterable"):
        pad_sequences(iter([[1]]))


def test_empty_input_and_zero_length():
    assert pad_sequences([]).shape == (0, 0)
    assert pad_sequences([[1, 2]], maxlen=0).shape == (1, 0)
