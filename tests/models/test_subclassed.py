import numpy as np

from lamina import Model, layers


class MLP(Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(8, activation="relu")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def test_built_on_first_call_and_tracks_layers():
    model = MLP()
    assert not model.built
    model(np.ones((2, 3), "float32"))
    assert model.built
    assert [layer.name for layer in model.layers] == [model.hidden.name, model.out.name]
    assert len(model.trainable_weights) == 4


def test_built_by_fit_from_the_data():
    model = MLP()
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((8, 5), "float32"), np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert model.hidden.kernel.shape == (5, 8)


def test_layers_in_lists_are_tracked():
    class Stack(Model):
        def __init__(self):
            super().__init__()
            self.blocks = [layers.Dense(3) for _ in range(3)]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    model = Stack()
    model(np.ones((1, 3), "float32"))
    assert len(model.weights) == 6
