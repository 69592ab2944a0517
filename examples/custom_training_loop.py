"""A hand-written, jitted training loop on lamina's pure APIs (the talk's custom loops).

``model.stateless_call`` runs the model as a pure function of its variable values,
``optimizer.stateless_apply`` updates purely, and ``metric.stateless_update_state``
accumulates a metric inside ``jax.jit``. ``add_loss`` terms come back with
``return_losses=True``. Run: ``python examples/custom_training_loop.py``.
"""

import jax
import jax.numpy as jnp
import numpy as np

import lamina as keras


class ActivityPenalty(keras.layers.Layer):
    """Adds a small L2 penalty on its inputs with add_loss (collected by the loop below)."""

    def call(self, x):
        self.add_loss(1e-4 * keras.ops.sum(keras.ops.square(x)))
        return x


def build_model():
    inputs = keras.Input(shape=(8,))
    x = keras.layers.Dense(32, activation="relu")(inputs)
    x = ActivityPenalty()(x)
    return keras.Model(inputs, keras.layers.Dense(3)(x))


def make_data(n=512, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    y = (x[:, :3].argmax(axis=1)).astype("int32")
    return x, y


def train(epochs=5, batch_size=64, verbose=True):
    """Train with a custom jitted step; returns the final accuracy."""
    keras.utils.set_random_seed(0)
    x, y = make_data()
    model = build_model()
    optimizer = keras.optimizers.Adam(1e-2)
    optimizer.build(model.trainable_variables)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    accuracy = keras.metrics.SparseCategoricalAccuracy()

    def compute_loss(trainable, non_trainable, xb, yb):
        logits, non_trainable, losses = model.stateless_call(
            trainable, non_trainable, xb, training=True, return_losses=True
        )
        return loss_fn(yb, logits) + sum(losses), (logits, non_trainable)

    @jax.jit
    def train_step(state, xb, yb):
        trainable, non_trainable, opt_vars, metric_vars = state
        (loss, (logits, non_trainable)), grads = jax.value_and_grad(compute_loss, has_aux=True)(
            trainable, non_trainable, xb, yb
        )
        trainable, opt_vars = optimizer.stateless_apply(opt_vars, grads, trainable)
        metric_vars = accuracy.stateless_update_state(metric_vars, yb, logits)
        return loss, (trainable, non_trainable, opt_vars, metric_vars)

    state = (
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
        [v.value for v in optimizer.variables],
        [v.value for v in accuracy.variables],
    )
    for epoch in range(epochs):
        state = (*state[:3], accuracy.stateless_reset_state())
        for start in range(0, len(x), batch_size):
            loss, state = train_step(
                state,
                jnp.asarray(x[start : start + batch_size]),
                jnp.asarray(y[start : start + batch_size]),
            )
        result = float(accuracy.stateless_result(state[3]))
        if verbose:
            print(f"epoch {epoch + 1}: loss {float(loss):.4f} - accuracy {result:.4f}")
    # Write the trained values back into the model's variables.
    for variable, value in zip(model.trainable_variables, state[0]):
        variable.assign(value)
    for variable, value in zip(model.non_trainable_variables, state[1]):
        variable.assign(value)
    return result


if __name__ == "__main__":
    print(f"final accuracy: {train():.4f}")
