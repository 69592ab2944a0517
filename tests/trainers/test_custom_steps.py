"""Overriding train_step / test_step (the pure-state form) keeps fit, callbacks and logs."""

import jax
import numpy as np

import lamina
from lamina import Input, Model, layers


class ClippedModel(Model):
    """Overrides train_step: gradients are clipped to [-0.01, 0.01] before the update."""

    def train_step(self, state, data):
        x, y, _ = data
        trainable, non_trainable, opt_vars, metric_vars = state

        def loss_fn(tv):
            y_pred, nt = self.stateless_call(tv, non_trainable, x, training=True)
            return lamina.ops.mean(lamina.ops.square(y_pred - y)), nt

        (loss, non_trainable), grads = jax.value_and_grad(loss_fn, has_aux=True)(trainable)
        grads = [lamina.ops.clip(g, -0.01, 0.01) for g in grads]
        trainable, opt_vars = self.optimizer.stateless_apply(opt_vars, grads, trainable)
        tracker_vars = self._loss_tracker.stateless_update_state(metric_vars[:2], loss)
        logs = {"loss": self._loss_tracker.stateless_result(tracker_vars)}
        return logs, type(state)(
            trainable, non_trainable, opt_vars, list(tracker_vars) + list(metric_vars[2:])
        )


def test_overridden_train_step_drives_fit():
    inputs = Input(shape=(2,))
    model = ClippedModel(inputs, layers.Dense(1, use_bias=False)(inputs))
    model.set_weights([np.zeros((2, 1), "float32")])
    model.compile(optimizer=lamina.optimizers.SGD(1.0), loss="mse")
    x = np.ones((4, 2), "float32")
    y = np.full((4, 1), 100.0, "float32")
    history = model.fit(x, y, batch_size=4, epochs=3, verbose=0)
    # each step moves each weight by exactly lr * 0.01
    np.testing.assert_allclose(model.get_weights()[0], np.full((2, 1), 0.03), rtol=1e-6)
    assert len(history.history["loss"]) == 3
