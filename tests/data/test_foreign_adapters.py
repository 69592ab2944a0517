"""Loaders and tensors of other libraries (torch, TensorFlow), detected by module name.

The fakes below stand in for the real classes (their ``__module__`` is what lamina looks
at) so the adapter logic is tested without installing either library; the last tests use
real torch when it is installed.
"""

import numpy as np
import pytest

import lamina
from lamina import Input, Model, layers


class FakeTorchTensor:
    __module__ = "torch"

    def __init__(self, array):
        self._array = np.asarray(array)
        self.shape = self._array.shape

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self._array


class FakeDataLoader:
    __module__ = "torch.utils.data.dataloader"

    def __init__(self, x, y, batch_size):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __iter__(self):
        for start in range(0, len(self.x), self.batch_size):
            stop = start + self.batch_size
            yield [FakeTorchTensor(self.x[start:stop]), FakeTorchTensor(self.y[start:stop])]


class FakeTfDataset:
    __module__ = "tensorflow.python.data.ops.dataset_ops"

    def __init__(self, x, y, batch_size):
        self.loader = FakeDataLoader(x, y, batch_size)

    def __len__(self):
        return len(self.loader)

    def as_numpy_iterator(self):
        for xb, yb in self.loader:
            yield xb.numpy(), yb.numpy()


def _model():
    x = Input(shape=(3,))
    model = Model(x, layers.Dense(1)(x))
    model.compile(optimizer=lamina.optimizers.SGD(0.1), loss="mse")
    return model


def _data(n=20):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, x @ np.array([[1.0], [2.0], [-1.0]], "float32")


def _fit_both(data, **fit_kwargs):
    """Weights after fitting ``data`` and after fitting the arrays, from the same start."""
    x, y = _data()
    lamina.utils.set_random_seed(0)
    a = _model()
    start = a.get_weights()
    a.fit(data, epochs=2, verbose=0, **fit_kwargs)
    b = _model()
    b.set_weights(start)
    b.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    return a.get_weights(), b.get_weights()


@pytest.mark.parametrize("loader", [FakeDataLoader, FakeTfDataset])
def test_foreign_loaders_train_like_arrays(loader):
    x, y = _data()
    got, expected = _fit_both(loader(x, y, 8))
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_foreign_tensors_passed_as_arrays_are_batched_like_arrays():
    x, y = _data()
    got, expected = _fit_both(FakeTorchTensor(x), y=FakeTorchTensor(y), batch_size=8,
                              shuffle=False)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_predict_and_evaluate_read_foreign_loaders():
    x, y = _data()
    model = _model()
    np.testing.assert_allclose(model.predict(FakeDataLoader(x, y, 8), verbose=0),
                               model.predict(x, batch_size=8, verbose=0), rtol=1e-6)
    assert model.evaluate(FakeTfDataset(x, y, 8), verbose=0) == pytest.approx(
        model.evaluate(x, y, batch_size=8, verbose=0), rel=1e-6)


def test_real_torch_dataloader_and_tensors():
    torch = pytest.importorskip("torch")
    x, y = _data()
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    loader = torch.utils.data.DataLoader(dataset, batch_size=8, shuffle=False)
    got, expected = _fit_both(loader)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    got, expected = _fit_both(torch.from_numpy(x).requires_grad_(True), y=torch.from_numpy(y),
                              batch_size=8, shuffle=False)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-6)
