"""Parity of every optimizer with Keras 3: same variables, same gradients, same numbers."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import lamina.optimizers as lo
from lamina.core.variable import Variable

keras = pytest.importorskip("keras")

SHAPES = {"kernel": (3, 4), "bias": (4,), "filters": (2, 3, 2)}
STEPS = 20


def _pair(name, kwargs, schedule=None):
    k_kwargs, l_kwargs = dict(kwargs), dict(kwargs)
    if schedule is not None:
        schedule_name, schedule_kwargs = schedule
        k_kwargs["learning_rate"] = getattr(keras.optimizers.schedules, schedule_name)(
            **schedule_kwargs)
        l_kwargs["learning_rate"] = getattr(lo.schedules, schedule_name)(**schedule_kwargs)
    return getattr(keras.optimizers, name)(**k_kwargs), getattr(lo, name)(**l_kwargs)


def _variables(seed=0):
    rng = np.random.default_rng(seed)
    init = {k: rng.normal(size=s).astype("float32") for k, s in SHAPES.items()}
    k_vars = [keras.Variable(init[k], name=k) for k in SHAPES]
    l_vars = [Variable(jnp.asarray(init[k]), name=k) for k in SHAPES]
    grads = [[(2 * rng.normal(size=s)).astype("float32") for s in SHAPES.values()]
             for _ in range(STEPS)]
    return k_vars, l_vars, grads


def _assert_close(keras_values, lamina_values, what):
    for a, b in zip(keras_values, lamina_values):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-6,
                                   err_msg=what)


def _keras_stepper(keras_opt, k_vars, jit):
    """Keras' eager ``apply``, or (for cases slow in eager Keras) its jitted stateless form."""
    if not jit:
        return lambda grads: keras_opt.apply(grads, k_vars)
    keras_opt.build(k_vars)
    step = jax.jit(keras_opt.stateless_apply)

    def apply(grads):
        new_vars, new_opt = step([v.value for v in keras_opt.variables], grads,
                                 [v.value for v in k_vars])
        for var, value in zip(k_vars + keras_opt.variables, new_vars + new_opt):
            var.assign(value)

    return apply


def run_parity(name, kwargs, schedule=None, check_every=4, exclude=None, keras_jit=False):
    keras_opt, lamina_opt = _pair(name, kwargs, schedule)
    k_vars, l_vars, grads = _variables()
    if exclude is not None:
        keras_opt.exclude_from_weight_decay(var_names=exclude)
        lamina_opt.exclude_from_weight_decay(var_names=exclude)
    keras_apply = _keras_stepper(keras_opt, k_vars, keras_jit)
    for step, step_grads in enumerate(grads, start=1):
        keras_apply([jnp.asarray(g) for g in step_grads])
        lamina_opt.apply([jnp.asarray(g) for g in step_grads], l_vars)
        if step % check_every == 0 or step == 1:
            _assert_close([v.value for v in k_vars], [v.value for v in l_vars],
                          f"{name} {kwargs} step {step}")
    assert len(keras_opt.variables) == len(lamina_opt.variables)
    _assert_close([v.value for v in keras_opt.variables],
                  [v.value for v in lamina_opt.variables], f"{name} {kwargs} state")
    return keras_opt, lamina_opt


OPTIMIZER_CASES = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"amsgrad": True, "beta_1": 0.8, "epsilon": 1e-3}),
    ("AdamW", {}),
    ("AdamW", {"weight_decay": 0.1, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"momentum": 0.5, "centered": True}),
    ("Adamax", {}),
    ("Nadam", {}),
    ("Adagrad", {}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Lion", {}),
    ("Ftrl", {"l1_regularization_strength": 0.01, "l2_regularization_strength": 0.01,
              "l2_shrinkage_regularization_strength": 0.01, "beta": 0.1}),
    ("Adafactor", {}),
    ("Lamb", {}),
]


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_CASES,
                         ids=[f"{n}-{'-'.join(k) or 'default'}" for n, k in OPTIMIZER_CASES])
def test_optimizer_matches_keras(name, kwargs):
    run_parity(name, {"learning_rate": 0.05, **kwargs}, keras_jit=name == "Adafactor")


EXTRA_CASES = [
    {"clipnorm": 1.0},
    {"clipvalue": 0.5},
    {"global_clipnorm": 1.5},
    {"weight_decay": 0.1},
]


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
@pytest.mark.parametrize("extra", EXTRA_CASES, ids=lambda e: next(iter(e)))
def test_clipping_and_weight_decay_match_keras(name, extra):
    kwargs = {"learning_rate": 0.05, **extra}
    if name == "SGD":
        kwargs["momentum"] = 0.9
    run_parity(name, kwargs)


def test_weight_decay_exclusion_matches_keras():
    _, lamina_opt = run_parity("AdamW", {"weight_decay": 0.5, "learning_rate": 0.05},
                               exclude=["bias"])
    assert not lamina_opt._use_weight_decay(lamina_opt._trainable_variables[1])


SCHEDULE_CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5}),
    ("PiecewiseConstantDecay", {"boundaries": [3, 8], "values": [0.1, 0.05, 0.01]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 6, "cycle": True}),
    ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 10, "alpha": 0.1,
                     "warmup_target": 0.1, "warmup_steps": 4}),
]


@pytest.mark.parametrize("schedule", SCHEDULE_CASES, ids=lambda s: s[0])
@pytest.mark.parametrize("name,kwargs", [("SGD", {"momentum": 0.9}), ("Adam", {})],
                         ids=["SGD", "Adam"])
def test_schedule_learning_rate_matches_keras(name, kwargs, schedule):
    run_parity(name, kwargs, schedule=schedule, keras_jit=schedule[0] == "CosineDecay")


@pytest.mark.parametrize("extra", [
    {"use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 3},
    {"gradient_accumulation_steps": 3},
    {"gradient_accumulation_steps": 2, "use_ema": True},
    {"loss_scale_factor": 4.0},
], ids=["ema", "accumulation", "accumulation-ema", "loss-scale"])
def test_ema_accumulation_and_loss_scale_match_keras(extra):
    run_parity("Adam", {"learning_rate": 0.05, **extra},
               keras_jit="gradient_accumulation_steps" in extra)


def test_nadam_with_accumulation_matches_keras():
    run_parity("Nadam", {"learning_rate": 0.05, "gradient_accumulation_steps": 2},
               keras_jit=True)


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", {"momentum": 0.9}), ("Adam", {"amsgrad": True}), ("AdamW", {}),
    ("RMSprop", {"momentum": 0.5, "centered": True}), ("Adamax", {}), ("Adagrad", {}),
    ("Adadelta", {}), ("Lion", {}), ("Ftrl", {}), ("Lamb", {}),
    ("Adam", {"use_ema": True, "gradient_accumulation_steps": 2}),
], ids=lambda x: x if isinstance(x, str) else "-".join(x))
def test_variables_order_names_and_paths_match_keras(name, kwargs):
    layer = keras.layers.Dense(4, name="dense")
    layer.build((None, 3))
    keras_opt = getattr(keras.optimizers, name)(name="opt", **kwargs)
    keras_opt.build(layer.trainable_variables)
    l_vars = []
    for k_var in layer.trainable_variables:
        l_var = Variable(jnp.zeros(k_var.shape), name=k_var.name)
        l_var.path = k_var.path
        l_vars.append(l_var)
    lamina_opt = getattr(lo, name)(name="opt", **kwargs)
    lamina_opt.build(l_vars)
    lamina_opt.build(l_vars)  # idempotent
    described = [(v.path, v.name, v.shape, v.dtype) for v in lamina_opt.variables]
    expected = [(v.path, v.name, tuple(v.shape), v.dtype) for v in keras_opt.variables]
    assert described == expected
    assert described[1][1] == "learning_rate" and described[0][1] == "iteration"


def test_nadam_and_adafactor_variable_layout_matches_keras():
    """Same order, shapes and dtypes; lamina names Nadam's unnamed scalar ``u_product``."""
    for name in ("Nadam", "Adafactor"):
        k_vars, l_vars, _ = _variables()
        keras_opt, lamina_opt = _pair(name, {})
        keras_opt.build(k_vars)
        lamina_opt.build(l_vars)
        assert [(tuple(v.shape), v.dtype) for v in keras_opt.variables] == [
            (v.shape, v.dtype) for v in lamina_opt.variables]
    assert lamina_opt.variables[2].name == "kernel"  # Adafactor's r/c carry the var name


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adamax", "Nadam",
                                  "Adagrad", "Adadelta", "Lion", "Ftrl", "Adafactor", "Lamb"])
def test_config_matches_keras(name):
    keras_config = getattr(keras.optimizers, name)(name="opt").get_config()
    lamina_config = getattr(lo, name)(name="opt").get_config()
    assert list(lamina_config) == list(keras_config)
    assert lamina_config == keras_config
