import numpy as np
import pytest

import lamina
from lamina import Input, Model, layers
from lamina.data.array_adapter import ArrayAdapter
from lamina.data.class_weight import apply_class_weight


def _model():
    x = Input(shape=(3,))
    model = Model(x, layers.Dense(1)(x))
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    return model


def _data(n=40):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x @ np.array([[1.0], [2.0], [-1.0]], "float32"))


def test_ragged_last_batch_is_padded_and_marked_invalid():
    adapter = ArrayAdapter(np.arange(10.0)[:, None], np.arange(10.0), batch_size=4)
    batches = list(adapter.batches())
    assert [b.size for b in batches] == [4, 4, 2]
    assert batches[-1].x.shape == (4, 1) and batches[-1].valid.tolist() == [1, 1, 0, 0]


def test_mismatched_sample_counts_name_the_arrays():
    with pytest.raises(ValueError, match="same number of samples"):
        ArrayAdapter(np.zeros((4, 2)), np.zeros(5))


def test_generator_with_steps_per_epoch():
    x, y = _data()

    def forever():
        while True:
            for i in range(0, 40, 8):
                yield x[i : i + 8], y[i : i + 8]

    history = _model().fit(forever(), steps_per_epoch=5, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_exhausted_generator_says_what_to_do():
    x, y = _data()
    batches = ((x[i : i + 8], y[i : i + 8]) for i in range(0, 40, 8))
    with pytest.raises(ValueError, match="steps_per_epoch"):
        _model().fit(batches, epochs=2, verbose=0)


def test_py_dataset_with_threads_matches_arrays():
    x, y = _data()

    class Batches(lamina.utils.PyDataset):
        def __len__(self):
            return 5

        def __getitem__(self, index):
            return x[index * 8 : (index + 1) * 8], y[index * 8 : (index + 1) * 8]

    lamina.utils.set_random_seed(0)
    a = _model()
    weights = a.get_weights()
    a.fit(Batches(workers=2), epochs=2, verbose=0)
    b = _model()
    b.set_weights(weights)
    b.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)
    assert a.evaluate(Batches(), verbose=0) == pytest.approx(b.evaluate(x, y, verbose=0), rel=1e-5)
    assert a.predict(Batches(), verbose=0).shape == (40, 1)


def test_class_weight_scales_sample_weights():
    weights = apply_class_weight(np.array([[0, 1], [1, 0]]), np.array([2.0, 1.0]), {0: 1.0, 1: 5.0})
    assert weights.tolist() == [10.0, 1.0]
    with pytest.raises(ValueError, match="no entry for class"):
        apply_class_weight(np.array([0, 2]), None, {0: 1.0, 1: 1.0})


def test_class_weight_in_fit_equals_sample_weight():
    x = np.random.default_rng(1).normal(size=(16, 3)).astype("float32")
    labels = (x[:, 0] > 0).astype("int32")
    results = []
    for kwargs in (
        {"class_weight": {0: 1.0, 1: 3.0}},
        {"sample_weight": np.where(labels == 1, 3.0, 1.0).astype("float32")},
    ):
        inputs = Input(shape=(3,))
        model = Model(inputs, layers.Dense(2)(inputs))
        model.compile(
            optimizer="sgd", loss=lamina.losses.SparseCategoricalCrossentropy(from_logits=True)
        )
        model.set_weights([np.ones((3, 2), "float32"), np.zeros(2, "float32")])
        results.append(
            model.fit(
                x, labels, epochs=1, batch_size=8, shuffle=False, verbose=0, **kwargs
            ).history["loss"]
        )
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


def test_validation_split_needs_arrays():
    x, y = _data()
    with pytest.raises(ValueError, match="validation_data"):
        _model().fit(((x[:8], y[:8]) for _ in range(3)), validation_split=0.2, verbose=0)


def test_unsupported_data_type_is_named():
    with pytest.raises(TypeError, match="unsupported data type"):
        _model().fit("not data", verbose=0)


@pytest.mark.slow
def test_py_dataset_with_processes_matches_threads():
    from process_batches import NoisyBatches

    x, _ = _data()
    lamina.utils.set_random_seed(0)
    a = _model()
    weights = a.get_weights()
    a.fit(NoisyBatches(x, workers=2, use_multiprocessing=True), epochs=2, verbose=0)
    b = _model()
    b.set_weights(weights)
    b.fit(NoisyBatches(x, workers=2), epochs=2, verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)


def test_unpicklable_py_dataset_with_processes_is_explained():
    class Local(lamina.utils.PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.ones((2, 3), "float32"), np.ones((2, 1), "float32")

    with pytest.raises(TypeError, match="top level of an importable module"):
        _model().fit(Local(workers=2, use_multiprocessing=True), epochs=1, verbose=0)
