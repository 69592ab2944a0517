"""LossScaleOptimizer: Keras 3 parity (skip, halve, double), eager and jitted, config,
saved state, and argument errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import lamina
import lamina.optimizers as lo
from lamina.core.scopes import StatelessScope
from lamina.core.variable import Variable

SHAPES = {"kernel": (3, 2), "bias": (2,)}
GROWTH = 3
# Gradients per step (before scaling): finite runs long enough to double the scale,
# inf and nan steps (skipped, scale halved), one bad entry among good ones.
PATTERN = ["ok", "ok", "inf", "ok", "ok", "ok", "ok", "nan", "ok", "ok", "ok", "ok",
           "partial", "ok", "-inf", "ok"]


def _initial():
    rng = np.random.default_rng(0)
    return {k: rng.normal(size=s).astype("float32") for k, s in SHAPES.items()}


def _grads(scale_hint=64.0):
    rng = np.random.default_rng(1)
    out = []
    for kind in PATTERN:
        grads = [(scale_hint * rng.normal(size=s)).astype("float32") for s in SHAPES.values()]
        if kind in ("inf", "nan", "-inf"):
            grads[0][1, 0] = {"inf": np.inf, "nan": np.nan, "-inf": -np.inf}[kind]
        elif kind == "partial":
            grads[1][0] = np.nan
        out.append(grads)
    return out


def _lamina_pair(inner="sgd"):
    inner_opt = (lo.SGD(learning_rate=0.05, momentum=0.9) if inner == "sgd"
                 else lo.Adam(learning_rate=0.05))
    opt = lo.LossScaleOptimizer(inner_opt, initial_scale=16.0, dynamic_growth_steps=GROWTH)
    init = _initial()
    return opt, [Variable(jnp.asarray(init[k]), name=k) for k in SHAPES]


def _keras_reference(keras, inner):
    """Per step: (weights, dynamic_scale, step_counter, all optimizer values) from Keras.

    Keras's eager ``apply`` of this optimizer does not run on JAX (its stateful branches
    leak tracers out of ``lax.cond``), so its jitted ``stateless_apply`` is the reference.
    """
    inner_opt = (keras.optimizers.SGD(learning_rate=0.05, momentum=0.9) if inner == "sgd"
                 else keras.optimizers.Adam(learning_rate=0.05))
    opt = keras.optimizers.LossScaleOptimizer(inner_opt, initial_scale=16.0,
                                              dynamic_growth_steps=GROWTH)
    init = _initial()
    variables = [keras.Variable(init[k], name=k) for k in SHAPES]
    opt.build(variables)
    step = jax.jit(opt.stateless_apply)
    history = []
    for grads in _grads():
        new_vars, new_opt = step([v.value for v in opt.variables],
                                 [jnp.asarray(g) for g in grads], [v.value for v in variables])
        for variable, value in zip(variables + opt.variables, new_vars + new_opt):
            variable.assign(value)
        history.append(([np.asarray(v.value) for v in variables],
                        float(opt.dynamic_scale.value), int(opt.step_counter.value),
                        [np.asarray(v.value) for v in opt.variables]))
    return history, opt


def _check_step(step, reference, variables, opt):
    weights, scale, counter, opt_values = reference
    for expected, variable in zip(weights, variables):
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"weights after step {step}")
    assert float(opt.dynamic_scale.numpy()) == scale, f"dynamic_scale after step {step}"
    assert int(opt.step_counter.numpy()) == counter, f"step_counter after step {step}"
    assert len(opt.variables) == len(opt_values)
    for expected, variable in zip(opt_values, opt.variables):
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"{variable.path} after step {step}")


@pytest.mark.parametrize("inner", ["sgd", "adam"])
@pytest.mark.parametrize("mode", ["eager", "jit"])
def test_matches_keras_step_by_step(inner, mode):
    keras = pytest.importorskip("keras")
    reference, keras_opt = _keras_reference(keras, inner)
    opt, variables = _lamina_pair(inner)
    opt.build(variables)
    assert [v.path.split("/", 1)[1] for v in opt.variables] == [
        v.path.split("/", 1)[1] for v in keras_opt.variables]
    step = jax.jit(opt.stateless_apply)
    for index, grads in enumerate(_grads()):
        grads = [jnp.asarray(g) for g in grads]
        if mode == "eager":
            opt.apply(grads, variables)
        else:
            new_vars, new_opt = step([v.value for v in opt.variables], grads,
                                     [v.value for v in variables])
            for variable, value in zip(variables + opt.variables, new_vars + new_opt):
                variable.assign(value)
        _check_step(index, reference[index], variables, opt)
    # The sequence did skip, halve and double.
    scales = [16.0] + [r[1] for r in reference]
    changes = {b / a for a, b in zip(scales, scales[1:])}
    assert changes == {0.5, 1.0, 2.0}
    assert int(opt.iterations.numpy()) == PATTERN.count("ok")


def test_skipped_step_leaves_weights_and_inner_state_alone():
    opt, variables = _lamina_pair("adam")
    opt.apply([jnp.ones(s) for s in SHAPES.values()], variables)
    before = [v.numpy() for v in variables + opt.inner_optimizer.variables]
    opt.apply([jnp.full(SHAPES["kernel"], jnp.nan), jnp.ones(SHAPES["bias"])], variables)
    after = [v.numpy() for v in variables + opt.inner_optimizer.variables]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    assert float(opt.dynamic_scale.numpy()) == 8.0 and int(opt.step_counter.numpy()) == 0


def test_gradients_are_unscaled_before_the_inner_update():
    w = Variable(jnp.array([1.0, 1.0]), name="w")
    opt = lo.LossScaleOptimizer(lo.SGD(learning_rate=1.0), initial_scale=4.0)
    opt.apply([jnp.array([4.0, 2.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 0.5])


def test_scale_loss_reads_the_scale_variable_under_a_stateless_scope():
    opt, variables = _lamina_pair()
    assert float(opt.scale_loss(jnp.asarray(2.0))) == 32.0  # unbuilt: initial_scale
    opt.build(variables)

    @jax.jit
    def scaled(values, loss):
        with StatelessScope(list(zip(opt.variables, values))):
            return opt.scale_loss(loss)

    values = [v.value for v in opt.variables]
    at = [id(v) for v in opt.variables].index(id(opt.dynamic_scale))
    values[at] = jnp.asarray(128.0)
    assert float(scaled(values, jnp.asarray(0.5))) == 64.0
    values[at] = jnp.asarray(2.0)
    assert float(scaled(values, jnp.asarray(0.5))) == 1.0
    assert float(opt.scale_loss(1.0)) == 16.0


def test_learning_rate_and_iterations_are_the_inner_optimizers():
    inner = lo.SGD(learning_rate=0.1, loss_scale_factor=8.0)
    opt = lo.LossScaleOptimizer(inner)
    assert inner.loss_scale_factor is None  # gradients are unscaled once, by the wrapper
    assert opt.learning_rate is inner.learning_rate
    opt.learning_rate = 0.5
    assert float(inner.learning_rate.numpy()) == 0.5
    assert opt.iterations is inner.iterations


def test_other_optimizers_keep_loss_scale_factor():
    w = Variable(jnp.array([1.0]), name="w")
    opt = lo.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    assert float(opt.scale_loss(jnp.asarray(2.0))) == 8.0
    opt.apply([jnp.array([8.0])], [w])
    np.testing.assert_allclose(w.numpy(), [-1.0])


def test_config_round_trip():
    opt = lo.LossScaleOptimizer(lo.Adam(learning_rate=0.01, amsgrad=True), initial_scale=256.0,
                                dynamic_growth_steps=10, name="lso")
    config = lo.serialize(opt)
    rebuilt = lo.deserialize(config)
    assert isinstance(rebuilt, lo.LossScaleOptimizer)
    assert isinstance(rebuilt.inner_optimizer, lo.Adam) and rebuilt.inner_optimizer.amsgrad
    assert rebuilt.get_config() == opt.get_config()
    assert set(opt.get_config()) == {"name", "inner_optimizer", "initial_scale",
                                     "dynamic_growth_steps"}
    assert lo.get(config).name == "lso"


def test_keras_written_config_loads():
    keras = pytest.importorskip("keras")
    keras_opt = keras.optimizers.LossScaleOptimizer(
        keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, name="inner"),
        initial_scale=1024.0, dynamic_growth_steps=50, name="scaled")
    config = keras.optimizers.serialize(keras_opt)
    opt = lo.deserialize(config)
    assert isinstance(opt, lo.LossScaleOptimizer) and isinstance(opt.inner_optimizer, lo.SGD)
    assert opt.get_config()["inner_optimizer"]["config"] == config["config"][
        "inner_optimizer"]["config"]
    assert {k: v for k, v in opt.get_config().items() if k != "inner_optimizer"} == {
        k: v for k, v in config["config"].items() if k != "inner_optimizer"}
    # Older Keras configs repeat the base arguments at their defaults.
    legacy = dict(config["config"], weight_decay=None, use_ema=False, ema_momentum=0.99)
    assert lo.LossScaleOptimizer.from_config(legacy).dynamic_growth_steps == 50


def test_variable_paths_and_saved_state_follow_keras(tmp_path):
    keras = pytest.importorskip("keras")
    pytest.importorskip("h5py")
    x = np.random.default_rng(3).random((8, 3)).astype("float32")

    def model(lib):
        net = lib.Sequential([lib.Input((3,)), lib.layers.Dense(2)])
        net.compile(lib.optimizers.LossScaleOptimizer(lib.optimizers.SGD(momentum=0.9),
                                                      dynamic_growth_steps=2), "mse")
        return net

    keras_model, lamina_model = model(keras), model(lamina)
    keras_model.fit(x, x[:, :2], epochs=3, batch_size=4, verbose=0)
    path = tmp_path / "k.weights.h5"
    keras_model.save_weights(path)
    lamina.saving.load_weights(lamina_model, path)
    opt = lamina_model.optimizer
    assert [v.path for v in opt.variables][:4] == [
        f"{opt.name}/iteration", f"{opt.name}/learning_rate", f"{opt.name}/step_counter",
        f"{opt.name}/dynamic_scale"]
    assert len(opt.variables) == len(keras_model.optimizer.variables)
    for a, b in zip(keras_model.optimizer.variables, opt.variables):
        np.testing.assert_array_equal(np.asarray(a.value), b.numpy())
    assert int(opt.iterations.numpy()) == 6 and float(opt.dynamic_scale.numpy()) == 2.0**18


def test_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"`inner_optimizer`.*Received: inner_optimizer='adam'"):
        lo.LossScaleOptimizer("adam")
    for bad in (0, -1.0, float("inf"), "big", True):
        with pytest.raises(ValueError, match=r"`initial_scale` must be a positive.*Received"):
            lo.LossScaleOptimizer(lo.SGD(), initial_scale=bad)
    for bad in (0, -3, 2.5, None):
        with pytest.raises(ValueError, match=r"`dynamic_growth_steps` must be an integer >= 1"):
            lo.LossScaleOptimizer(lo.SGD(), dynamic_growth_steps=bad)
    with pytest.raises(ValueError, match="`clipnorm`.*inner_optimizer"):
        lo.LossScaleOptimizer(lo.SGD(), clipnorm=1.0)
    with pytest.raises(ValueError, match="dynamic=False"):
        lo.LossScaleOptimizer(lo.SGD(), dynamic=False)
    with pytest.raises(ValueError, match="not recognized"):
        lo.LossScaleOptimizer(lo.SGD(), scale=3)


def test_stateless_apply_checks_its_inputs():
    opt, variables = _lamina_pair()
    grads = [jnp.ones(s) for s in SHAPES.values()]
    with pytest.raises(ValueError, match="must be built"):
        opt.stateless_apply([], grads, [v.value for v in variables])
    opt.build(variables)
    with pytest.raises(ValueError, match="one value per entry of optimizer.variables"):
        opt.stateless_apply([v.value for v in opt._variables], grads,
                            [v.value for v in variables])


def test_float16_weights_match_keras():
    keras = pytest.importorskip("keras")
    sequence = [1.0, np.inf, 2.0, 3.0, 1.0, np.nan, 0.5]

    def run(make_variable, optimizers):
        weights = [make_variable(np.ones(3, "float16"), "w"), make_variable(np.ones(2), "b")]
        opt = optimizers.LossScaleOptimizer(optimizers.SGD(learning_rate=0.1, momentum=0.5),
                                            initial_scale=1024.0, dynamic_growth_steps=2)
        opt.build(weights)
        step = jax.jit(opt.stateless_apply)
        out = []
        for g in sequence:
            grads = [jnp.full(3, 512 * g, "float16"), jnp.full(2, 512 * g, "float32")]
            new_vars, new_opt = step([v.value for v in opt.variables], grads,
                                     [v.value for v in weights])
            for variable, value in zip(weights + opt.variables, new_vars + new_opt):
                variable.assign(value)
            out.append([np.asarray(v.value) for v in weights + opt.variables])
        return out

    expected = run(lambda v, n: keras.Variable(v, name=n), keras.optimizers)
    got = run(lambda v, n: Variable(jnp.asarray(v, "float32" if v.dtype == np.float64
                                                else v.dtype), name=n), lo)
    for step, (a, b) in enumerate(zip(expected, got)):
        for x, y in zip(a, b):
            assert x.dtype == y.dtype
            np.testing.assert_array_equal(y, x, err_msg=f"step {step}")
