"""Muon: Keras 3 parity (both update rules, decay, exclusions), eager and jitted, variable
order and names, config round trip, saved state, argument errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import lamina
import lamina.optimizers as lo
from lamina.optimizers.muon import newton_schulz

STEPS = 20


def _layers(module):
    """A small model's variables: an embedding, a wide and a tall 2D kernel, biases, a
    conv kernel (3D) and an output layer (names give Keras-equal paths)."""
    built = [
        (module.layers.Embedding(10, 4, name="tok_embedding"), (None, 3)),
        (module.layers.Dense(5, name="hidden"), (None, 4)),
        (module.layers.Dense(3, name="tall"), (None, 7)),
        (module.layers.Conv1D(2, 3, name="conv"), (None, 6, 3)),
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
    {"exclude_layers": ["output_dense"], "weight_decay": 0.1, "adam_weight_decay": 0.05},
    {"nesterov": False, "ns_steps": 3, "rms_rate": None, "momentum": 0.8},
    {"exclude_embeddings": False, "adam_lr_ratio": 0.1, "adam_beta_1": 0.8,
     "adam_beta_2": 0.99, "epsilon": 1e-4, "weight_decay": None},
    {"muon_a": 2.0, "muon_b": -1.5, "muon_c": 0.5, "adam_weight_decay": None,
     "clipnorm": 1.0},
    {"gradient_accumulation_steps": 2, "use_ema": True, "exclude_layers": ["hid.*"]},
]


def _keras_run(keras, kwargs):
    """Keras' trajectory (jitted ``stateless_apply``; eager Keras is slow op by op):
    the weights at the checked steps, the final optimizer values and paths."""
    k_vars, _, grads = _setup(keras)
    keras_opt = keras.optimizers.Muon(name="opt", **kwargs)
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
    opt = lo.Muon(name="opt", **kwargs)
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


def test_rules_and_variable_names_match_keras():
    keras = pytest.importorskip("keras")
    k_vars, l_vars, _ = _setup(keras)
    keras_opt = keras.optimizers.Muon(exclude_layers=["output"], name="opt")
    lamina_opt = lo.Muon(exclude_layers=["output"], name="opt")
    keras_opt.build(k_vars)
    lamina_opt.build(l_vars)
    assert [v.path for v in lamina_opt.variables] == [v.path for v in keras_opt.variables]
    assert [v.name for v in lamina_opt.variables] == [v.name for v in keras_opt.variables]
    adamw = [lamina_opt._should_use_adamw(v) for v in l_vars]
    assert adamw == [keras_opt._should_use_adamw(v) for v in k_vars]
    # Only the two inner 2D kernels take the Muon rule (no velocity slot).
    muon_paths = [v.path for v, uses_adamw in zip(l_vars, adamw) if not uses_adamw]
    assert muon_paths == ["hidden/kernel", "tall/kernel"]
    assert [v is None for v in lamina_opt.adam_velocities] == [not a for a in adamw]


def test_saved_state_moves_from_keras():
    keras = pytest.importorskip("keras")
    k_vars, l_vars, grads = _setup(keras)
    keras_opt, lamina_opt = keras.optimizers.Muon(), lo.Muon()
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
    assert int(lamina_opt.iterations.value) == 6


def test_newton_schulz_matches_keras_and_orthogonalizes():
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(3).normal(size=(6, 3)).astype("float32")
    expected = keras.optimizers.Muon().zeropower_via_newtonschulz5(jnp.asarray(x), 5)
    np.testing.assert_allclose(lo.Muon().zeropower_via_newtonschulz5(x, 5), expected,
                               rtol=1e-6, atol=1e-6)
    singular = jnp.linalg.svd(newton_schulz(jnp.asarray(x), 10, 3.4445, -4.7750, 2.0315),
                              compute_uv=False)
    assert bool(jnp.all((singular > 0.6) & (singular < 1.3))), singular


def test_config_round_trip_and_keras_config():
    opt = lo.Muon(learning_rate=0.02, exclude_layers=["head"], ns_steps=4, nesterov=False,
                  rms_rate=None, adam_weight_decay=None, momentum=0.9)
    config = opt.get_config()
    again = lo.Muon.from_config(config)
    assert again.get_config() == config
    assert type(lo.get({"class_name": "Muon", "config": config})) is lo.Muon
    keras = pytest.importorskip("keras")
    keras_config = keras.optimizers.Muon(learning_rate=0.02, exclude_layers=["head"],
                                         ns_steps=4, nesterov=False, rms_rate=None,
                                         adam_weight_decay=None, momentum=0.9).get_config()
    keras_config["name"] = config["name"]
    assert keras_config == config
    assert lo.Muon.from_config(keras_config).get_config() == config


@pytest.mark.parametrize("kwargs,match", [
    ({"exclude_layers": "output_dense"}, "exclude_layers"),
    ({"exclude_layers": [3]}, "exclude_layers"),
    ({"ns_steps": -1}, "ns_steps"),
    ({"ns_steps": 2.5}, "ns_steps"),
    ({"rms_rate": "0.2"}, "rms_rate"),
    ({"momentum": None}, "momentum"),
    ({"muon_a": "x"}, "muon_a"),
    ({"clipnorm": 1.0, "clipvalue": 1.0}, "only one of"),
    ({"unknown": 1}, "not recognized"),
])
def test_invalid_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        lo.Muon(**kwargs)
