"""ScheduleFreeAdamW: Keras 3 parity (warmup, decay, betas), eager and jitted, the z / x
/ y sequences, variable order and names, config round trip, saved state, errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import lamina
import lamina.optimizers as lo
from lamina.core.variable import Variable

STEPS = 20


def _layers(module):
    """A small model's variables (embedding, 2D kernels, biases), Keras-equal paths."""
    built = [
        (module.layers.Embedding(10, 4, name="tok_embedding"), (None, 3)),
        (module.layers.Dense(5, name="hidden"), (None, 4)),
        (module.layers.Dense(3, name="output_dense"), (None, 5)),
    ]
    variables = []
    for layer, shape in built:
        layer.build(shape)
        variables.extend(layer.trainable_variables)
    return variables


def _setup(keras):
    k_vars, l_vars = _layers(keras), _layers(lamina)
    rng = np.random.default_rng(0)
    for k_var, l_var in zip(k_vars, l_vars):
        value = rng.normal(size=k_var.shape).astype("float32")
        k_var.assign(value)
        l_var.assign(value)
    grads = [[(2 * rng.normal(size=v.shape)).astype("float32") for v in k_vars]
             for _ in range(STEPS)]
    return k_vars, l_vars, grads


def _close(expected, actual, what):
    for a, b in zip(expected, actual):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6,
                                   err_msg=what)


CASES = [
    {},
    {"warmup_steps": 7, "weight_decay": 0.1},
    {"beta_1": 0.7, "beta_2": 0.95, "epsilon": 1e-3, "clipnorm": 1.0},
    {"beta_1": 1.0, "warmup_steps": 30, "global_clipnorm": 2.0},
    {"gradient_accumulation_steps": 2, "use_ema": True, "ema_overwrite_frequency": 3},
]


def _keras_run(keras, kwargs):
    """Keras' trajectory (jitted ``stateless_apply``; eager Keras is slow op by op):
    the weights at the checked steps, the final optimizer values and paths."""
    k_vars, _, grads = _setup(keras)
    keras_opt = keras.optimizers.ScheduleFreeAdamW(name="opt", **kwargs)
    keras_opt.build(k_vars)
    step = jax.jit(keras_opt.stateless_apply)
    opt_values, var_values = [v.value for v in keras_opt.variables], [v.value for v in k_vars]
    checked = {}
    for i, step_grads in enumerate(grads, start=1):
        var_values, opt_values = step(opt_values, [jnp.asarray(g) for g in step_grads],
                                      var_values)
        if i in CHECKED:
            checked[i] = var_values
    return checked, opt_values, [v.path for v in keras_opt.variables]


CHECKED = (1, 5, 10, 15, 20)
_KERAS_RUNS = {}


@pytest.mark.parametrize("jit", [False, True], ids=["eager_apply", "jit_stateless_apply"])
@pytest.mark.parametrize("case", range(len(CASES)),
                         ids=["-".join(k) or "default" for k in CASES])
def test_matches_keras(case, jit):
    keras = pytest.importorskip("keras")
    kwargs = {"learning_rate": 0.05, **CASES[case]}
    if case not in _KERAS_RUNS:  # one Keras run serves the eager and the jitted case
        _KERAS_RUNS[case] = _keras_run(keras, kwargs)
    checked, keras_state, keras_paths = _KERAS_RUNS[case]
    _, l_vars, grads = _setup(keras)
    opt = lo.ScheduleFreeAdamW(name="opt", **kwargs)
    opt.build(l_vars)
    step = jax.jit(opt.stateless_apply)
    for i, step_grads in enumerate(grads, start=1):
        step_grads = [jnp.asarray(g) for g in step_grads]
        if jit:
            new_vars, new_opt = step([v.value for v in opt.variables], step_grads,
                                     [v.value for v in l_vars])
            for var, value in zip(l_vars + opt.variables, new_vars + new_opt):
                var.assign(value)
        else:
            opt.apply(step_grads, l_vars)
        if i in checked:
            _close(checked[i], [v.value for v in l_vars], f"{kwargs} step {i}")
    assert [v.path for v in opt.variables] == keras_paths
    _close(keras_state, [v.value for v in opt.variables], f"{kwargs} optimizer state")


def test_variables_start_like_keras():
    keras = pytest.importorskip("keras")
    k_vars, l_vars, _ = _setup(keras)
    keras_opt = keras.optimizers.ScheduleFreeAdamW(name="opt")
    lamina_opt = lo.ScheduleFreeAdamW(name="opt")
    keras_opt.build(k_vars)
    lamina_opt.build(l_vars)
    assert [v.path for v in lamina_opt.variables] == [v.path for v in keras_opt.variables]
    assert [v.name for v in lamina_opt.variables] == [v.name for v in keras_opt.variables]
    _close([v.value for v in keras_opt.variables], [v.value for v in lamina_opt.variables],
           "initial state (z = the variables' values)")


def test_sequences_follow_the_schedule_free_recurrences():
    """z takes Adam-normalized steps, x averages z uniformly, y interpolates them."""
    beta_1, lr = 0.9, 0.1
    y = Variable(jnp.array([1.0, -2.0]), name="w")
    opt = lo.ScheduleFreeAdamW(learning_rate=lr, beta_1=beta_1, beta_2=0.5, epsilon=0.0)
    z_history = [np.array([1.0, -2.0])]
    for g in ([1.0, 2.0], [-3.0, 0.5], [2.0, 2.0]):
        opt.apply([jnp.array(g)], [y])
        z_history.append(np.asarray(opt.variables[2].value))
    z = z_history[-1]
    x = np.mean(z_history[1:], axis=0)  # uniform average of z_1..z_3
    np.testing.assert_allclose(y.numpy(), (1 - beta_1) * z + beta_1 * x, rtol=1e-6)
    # The first z step is lr * sign(g) (Adam with a bias-corrected velocity).
    np.testing.assert_allclose(z_history[1], [1.0 - lr, -2.0 - lr], rtol=1e-6)


def test_warmup_scales_the_first_steps():
    grads = [jnp.array([1.0, 1.0])]
    plain, warm = Variable(jnp.zeros(2), name="a"), Variable(jnp.zeros(2), name="b")
    lo.ScheduleFreeAdamW(learning_rate=0.5).apply(grads, [plain])
    lo.ScheduleFreeAdamW(learning_rate=0.5, warmup_steps=10).apply(grads, [warm])
    np.testing.assert_allclose(warm.numpy(), plain.numpy() / 10, rtol=1e-6)


def test_saved_state_moves_from_keras():
    keras = pytest.importorskip("keras")
    k_vars, l_vars, grads = _setup(keras)
    keras_opt = keras.optimizers.ScheduleFreeAdamW(learning_rate=0.05, warmup_steps=4)
    lamina_opt = lo.ScheduleFreeAdamW(learning_rate=0.05, warmup_steps=4)
    for step_grads in grads[:3]:
        keras_opt.apply([jnp.asarray(g) for g in step_grads], k_vars)
    lamina_opt.build(l_vars)
    store = {}
    keras_opt.save_own_variables(store)
    lamina_opt.load_own_variables(store)
    for k_var, l_var in zip(k_vars, l_vars):
        l_var.assign(k_var.value)
    for step_grads in grads[3:6]:
        keras_opt.apply([jnp.asarray(g) for g in step_grads], k_vars)
        lamina_opt.apply([jnp.asarray(g) for g in step_grads], l_vars)
    _close([v.value for v in k_vars], [v.value for v in l_vars], "after loading")


def test_fit_trains_and_evaluates_on_y():
    model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(1)])
    model.compile(optimizer=lo.ScheduleFreeAdamW(learning_rate=0.05), loss="mse")
    x = np.random.default_rng(1).normal(size=(32, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    history = model.fit(x, y, epochs=15, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model.evaluate(x, y, verbose=0) < history.history["loss"][0]


def test_config_round_trip_and_keras_config():
    opt = lo.ScheduleFreeAdamW(learning_rate=0.005, beta_1=0.95, beta_2=0.99, epsilon=1e-6,
                               warmup_steps=100, weight_decay=0.01)
    config = opt.get_config()
    assert lo.ScheduleFreeAdamW.from_config(config).get_config() == config
    assert type(lo.get("schedulefreeadamw")) is lo.ScheduleFreeAdamW
    keras = pytest.importorskip("keras")
    keras_config = keras.optimizers.ScheduleFreeAdamW(
        learning_rate=0.005, beta_1=0.95, beta_2=0.99, epsilon=1e-6, warmup_steps=100,
        weight_decay=0.01).get_config()
    keras_config["name"] = config["name"]
    assert keras_config == config


@pytest.mark.parametrize("kwargs,match", [
    ({"beta_1": 0.0}, "beta_1"),
    ({"beta_1": 1.5}, "beta_1"),
    ({"warmup_steps": -1}, "warmup_steps"),
    ({"warmup_steps": 2.5}, "warmup_steps"),
    ({"gradient_accumulation_steps": 1}, "gradient_accumulation_steps"),
    ({"bogus": True}, "not recognized"),
])
def test_invalid_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        lo.ScheduleFreeAdamW(**kwargs)
