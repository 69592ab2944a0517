"""split_dataset on in-memory data: Keras 3's size rules, shapes and shuffling."""

import numpy as np
import pytest

from lamina.utils import split_dataset


def test_fraction_of_an_array():
    data = np.arange(1000 * 4).reshape(1000, 4)
    left, right = split_dataset(data, left_size=0.8)
    assert left.shape == (800, 4) and right.shape == (200, 4)
    np.testing.assert_array_equal(np.concatenate([left, right]), data)


def test_counts_leave_the_middle_out_and_keep_structure():
    x, y = np.arange(10), np.arange(10) * 10
    left, right = split_dataset((x, y), left_size=3, right_size=2)
    assert isinstance(left, tuple) and isinstance(right, tuple)
    assert left[0].tolist() == [0, 1, 2] and right[1].tolist() == [80, 90]
    left, right = split_dataset([x, y], right_size=0.3)
    assert isinstance(left, list) and len(left[0]) == 7 and right[0].tolist() == [7, 8, 9]
    left, right = split_dataset({"a": x, "b": y}, left_size=0.5)
    assert left["b"].tolist() == [0, 10, 20, 30, 40] and sorted(right) == ["a", "b"]


def test_shuffle_is_seeded_and_keeps_rows_together():
    x = np.arange(20)
    first = split_dataset((x, x * 2), left_size=15, shuffle=True, seed=7)
    again = split_dataset((x, x * 2), left_size=15, shuffle=True, seed=7)
    np.testing.assert_array_equal(first[0][0], again[0][0])
    assert first[0][0].tolist() != list(range(15))
    np.testing.assert_array_equal(first[0][1], first[0][0] * 2)
    assert sorted(np.concatenate([first[0][0], first[1][0]]).tolist()) == list(range(20))


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(), ValueError, "left_size, right_size or both"),
        (dict(left_size=0), ValueError, r"count must be in \(0, 10\)"),
        (dict(left_size=1.5), ValueError, r"fraction must be in \(0, 1\)"),
        (dict(left_size="half"), TypeError, "int"),
        (dict(left_size=0.6, right_size=0.6), ValueError, "more than 1"),
        (dict(left_size=8, right_size=5), ValueError, "more than the 10 samples"),
        (dict(left_size=0.01), ValueError, "left side empty"),
    ],
)
def test_size_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        split_dataset(np.arange(10), **kwargs)


def test_arrays_of_different_lengths_are_rejected():
    with pytest.raises(ValueError, match="same number of samples"):
        split_dataset((np.arange(10), np.arange(9)), left_size=0.5)


def test_sizes_match_keras_tf_split():
    pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    data = np.arange(37 * 2).reshape(37, 2)
    for kwargs in (dict(left_size=0.7), dict(right_size=5), dict(left_size=0.33, right_size=0.5)):
        ours = split_dataset(data, **kwargs)
        theirs = keras.utils.split_dataset(data, **kwargs)
        for part, kpart in zip(ours, theirs):
            np.testing.assert_array_equal(part, np.stack([np.asarray(t) for t in kpart]))
