"""timeseries_dataset_from_array: Keras 3's documented windows, batches, fit, and (when
TensorFlow is installed) batch-for-batch parity with keras.utils."""

import numpy as np
import pytest

import lamina
from lamina.utils import timeseries_dataset_from_array


def test_keras_documented_strided_windows():
    ds = timeseries_dataset_from_array(
        np.arange(99),
        None,
        sequence_length=10,
        sampling_rate=2,
        sequence_stride=3,
        batch_size=None,
    )
    windows = [w.tolist() for w in ds]
    assert windows[0] == list(range(0, 20, 2))
    assert windows[1] == list(range(3, 23, 2))
    assert windows[2] == list(range(6, 26, 2))
    assert windows[-1] == list(range(78, 98, 2))
    assert len(windows) == len(ds) == 27


def test_keras_documented_regression_targets():
    data = np.arange(50, dtype="float32")
    ds = timeseries_dataset_from_array(data[:-10], data[10:], sequence_length=10, batch_size=8)
    x, y = next(iter(ds))
    np.testing.assert_array_equal(x[0], data[:10])
    assert y[0] == data[10]
    assert x.shape == (8, 10) and y.shape == (8,)
    total = sum(len(batch_x) for batch_x, _ in ds)
    assert total == 31  # 40 steps - 10 + 1 windows
    assert len(ds) == 4 and len(ds[3][0]) == 7


def test_start_end_index_and_targets_offset():
    data = np.arange(30)[:, None] * np.ones((1, 2))
    targets = np.arange(30) * 10
    ds = timeseries_dataset_from_array(
        data, targets, sequence_length=3, start_index=5, end_index=15, batch_size=100
    )
    x, y = ds[0]
    assert x.shape == (8, 3, 2)
    np.testing.assert_array_equal(x[0, :, 0], [5, 6, 7])
    np.testing.assert_array_equal(x[-1, :, 0], [12, 13, 14])
    np.testing.assert_array_equal(y, targets[5:13])


def test_shuffle_is_seeded_and_keeps_pairs():
    data = np.arange(40)
    make = lambda: timeseries_dataset_from_array(  # noqa: E731
        data, data * 2, sequence_length=4, batch_size=5, shuffle=True, seed=3
    )
    first, again = make(), make()
    order = [x[:, 0].tolist() for x, _ in first]
    assert order == [x[:, 0].tolist() for x, _ in again]
    assert sorted(sum(order, [])) == list(range(37))
    assert order != sorted(order)
    for x, y in first:
        np.testing.assert_array_equal(y, x[:, 0] * 2)
    second_pass = [x[:, 0].tolist() for x, _ in first]
    assert second_pass != order and sorted(sum(second_pass, [])) == list(range(37))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(start_index=-1), "start_index"),
        (dict(start_index=20), "start_index"),
        (dict(start_index=5, end_index=3), "greater than `start_index`"),
        (dict(end_index=25), "end_index"),
        (dict(sampling_rate=0), "sampling_rate"),
        (dict(sequence_stride=20), "sequence_stride"),
        (dict(batch_size=0), "batch_size"),
        (dict(format="torch"), "format"),
    ],
)
def test_errors_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        timeseries_dataset_from_array(np.arange(20), None, sequence_length=2, **kwargs)


def test_fit_evaluate_predict_accept_it():
    data = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    targets = data[:, 0].copy()
    ds = timeseries_dataset_from_array(data, targets, sequence_length=5, batch_size=16)
    model = lamina.Sequential(
        [lamina.Input(shape=(5, 3)), lamina.layers.Flatten(), lamina.layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(model.evaluate(ds, verbose=0))
    windows = timeseries_dataset_from_array(data, None, sequence_length=5, batch_size=16)
    assert model.predict(windows, verbose=0).shape == (60, 1)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(sequence_length=4, batch_size=5),
        dict(sequence_length=3, sequence_stride=2, sampling_rate=3, batch_size=4),
        dict(sequence_length=5, start_index=3, end_index=40, batch_size=7),
    ],
    ids=str,
)
def test_batches_match_keras_tf_dataset(kwargs):
    pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    data = np.arange(60 * 2, dtype="float32").reshape(60, 2)
    targets = np.arange(60) * 3
    ours = list(timeseries_dataset_from_array(data, targets, **kwargs))
    theirs = list(keras.utils.timeseries_dataset_from_array(data, targets, **kwargs))
    assert len(ours) == len(theirs)
    for (x, y), (kx, ky) in zip(ours, theirs):
        np.testing.assert_array_equal(x, np.asarray(kx))
        np.testing.assert_array_equal(y, np.asarray(ky))
