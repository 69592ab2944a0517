"""The Optimizer base: stateless vs stateful, jit, learning rates, state, errors."""

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import lamina.optimizers as lo
from lamina.core.variable import Variable

SHAPES = [(3, 4), (4,), (2, 3, 2)]


def make_variables(seed=0, **kwargs):
    rng = np.random.default_rng(seed)
    return [Variable(jnp.asarray(rng.normal(size=s), "float32"), name=f"v{i}", **kwargs)
            for i, s in enumerate(SHAPES)]


def make_grads(steps, seed=1):
    rng = np.random.default_rng(seed)
    return [[jnp.asarray(rng.normal(size=s), "float32") for s in SHAPES] for _ in range(steps)]


def values(variables):
    return [v.value for v in variables]


CASES = [
    lambda: lo.SGD(0.1, momentum=0.9, nesterov=True, clipnorm=1.0),
    lambda: lo.Adam(lo.schedules.ExponentialDecay(0.1, 3, 0.5), amsgrad=True),
    lambda: lo.AdamW(0.05, global_clipnorm=1.0),
    lambda: lo.RMSprop(0.01, momentum=0.5, centered=True, clipvalue=0.5),
    lambda: lo.Nadam(0.05, use_ema=True, ema_overwrite_frequency=2),
    lambda: lo.Adafactor(0.05, gradient_accumulation_steps=2, weight_decay=0.1),
    lambda: lo.Lion(0.01),
    lambda: lo.Ftrl(0.1, l1_regularization_strength=0.01),
]


@pytest.mark.parametrize("make", CASES, ids=lambda f: type(f()).__name__)
def test_jitted_stateless_apply_equals_stateful_apply(make):
    stateful_opt, stateless_opt = make(), make()
    stateful_vars, stateless_vars = make_variables(), make_variables()
    stateless_opt.build(stateless_vars)
    before = [v.numpy() for v in stateless_opt.variables + stateless_vars]
    step = jax.jit(stateless_opt.stateless_apply)
    opt_values, params = values(stateless_opt.variables), values(stateless_vars)
    for grads in make_grads(8):
        stateful_opt.apply(grads, stateful_vars)
        params, opt_values = step(opt_values, grads, params)
    # stateless_apply is pure: no Variable changed.
    for old, var in zip(before, stateless_opt.variables + stateless_vars):
        np.testing.assert_array_equal(old, var.numpy())
    for a, b in zip(values(stateful_vars), params):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(values(stateful_opt.variables), opt_values):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert int(opt_values[0]) == 8


def test_learning_rate_change_takes_effect_without_retracing():
    opt = lo.SGD(learning_rate=0.1)
    variables = [Variable(jnp.zeros(3), name="w")]
    opt.build(variables)
    traces = []

    @jax.jit
    def train_step(opt_values, params, grads):
        traces.append(1)
        return opt.stateless_apply(opt_values, grads, params)

    grads = [jnp.ones(3)]
    params, opt_values = train_step(values(opt.variables), values(variables), grads)
    np.testing.assert_allclose(params[0], -0.1 * np.ones(3), rtol=1e-6)
    for var, value in zip(opt.variables, opt_values):
        var.assign(value)
    opt.learning_rate = 0.01  # what a callback does between steps
    assert float(opt.learning_rate) == pytest.approx(0.01)
    params, opt_values = train_step(values(opt.variables), params, grads)
    np.testing.assert_allclose(params[0], -0.11 * np.ones(3), rtol=1e-6)
    assert len(traces) == 1


def test_learning_rate_is_a_variable_listed_second():
    opt = lo.Adam(learning_rate=0.5)
    assert opt.learning_rate is opt.variables[1]
    assert opt.learning_rate.path == f"{opt.name}/learning_rate"
    assert opt.learning_rate.dtype == "float32" and not opt.learning_rate.trainable
    opt.learning_rate = 0.25
    assert float(opt.learning_rate.numpy()) == 0.25
    assert opt.get_config()["learning_rate"] == 0.25


def test_schedule_learning_rate_is_evaluated_at_the_current_iteration():
    schedule = lo.schedules.PiecewiseConstantDecay([1], [0.5, 0.1])
    opt = lo.SGD(learning_rate=schedule)
    assert [v.name for v in opt.variables] == ["iteration"]
    w = Variable(jnp.zeros(1), name="w")
    readings = []
    for _ in range(3):
        readings.append(float(opt.learning_rate))
        opt.apply([jnp.ones(1)], [w])
    assert readings == pytest.approx([0.5, 0.5, 0.1])
    assert float(w.numpy()[0]) == pytest.approx(-1.1)
    with pytest.raises(TypeError, match="cannot be set to a number"):
        opt.learning_rate = 0.3


def test_setting_a_schedule_replaces_the_learning_rate_variable():
    opt = lo.SGD(learning_rate=0.1)
    opt.learning_rate = lo.schedules.ExponentialDecay(0.2, 10, 0.5)
    assert [v.name for v in opt.variables] == ["iteration"]
    assert float(opt.learning_rate) == pytest.approx(0.2)


def test_callable_learning_rates():
    w = Variable(jnp.zeros(1), name="w")
    opt = lo.SGD(learning_rate=optax.linear_schedule(1.0, 0.0, transition_steps=4))
    for _ in range(2):
        opt.apply([jnp.ones(1)], [w])
    assert float(w.numpy()[0]) == pytest.approx(-1.75)
    opt = lo.SGD(learning_rate=lambda: 0.5)
    assert float(opt.learning_rate) == 0.5


def test_none_gradients_leave_variable_and_slots_untouched():
    variables = make_variables()
    opt = lo.Adam(0.1)
    before = variables[1].numpy()
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        opt.apply([jnp.ones((3, 4)), None, jnp.ones((2, 3, 2))], variables)
    np.testing.assert_array_equal(variables[1].numpy(), before)
    assert not np.any(np.asarray(opt._state_variables["momentum"][1].value))
    assert np.all(np.asarray(opt._state_variables["momentum"][0].value) != 0)
    with pytest.raises(ValueError, match="no gradients provided"):
        opt.apply([None, None, None], variables)


def test_apply_on_a_subset_and_apply_gradients():
    variables = make_variables()
    opt = lo.SGD(1.0)
    opt.build(variables)
    before = [v.numpy() for v in variables]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        iterations = opt.apply_gradients([(jnp.ones(4), variables[1])])
    assert int(iterations.value) == 1
    np.testing.assert_allclose(variables[1].numpy(), before[1] - 1)
    np.testing.assert_array_equal(variables[0].numpy(), before[0])
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply([jnp.ones(2)], [Variable(jnp.zeros(2), name="stranger")])


def test_constraints_are_applied_after_the_update():
    w = Variable(jnp.zeros(3), name="w", constraint=lambda x: jnp.clip(x, -0.5, 0.5))
    opt = lo.SGD(1.0)
    opt.apply([jnp.array([-2.0, 0.2, 3.0])], [w])
    np.testing.assert_allclose(w.numpy(), [0.5, -0.2, -0.5])


def test_overwrite_with_gradient_variables_take_the_gradient():
    w = Variable(jnp.zeros(2), name="scale")
    w.overwrite_with_gradient = True
    v = Variable(jnp.zeros(2), name="v")
    opt = lo.Adam(0.1)
    opt.apply([jnp.array([3.0, 4.0]), jnp.ones(2)], [w, v])
    np.testing.assert_array_equal(w.numpy(), [3.0, 4.0])
    assert len(opt.variables) == 4  # iteration, learning_rate, v's momentum and velocity


def test_ema_finalize_overwrites_with_the_average():
    w = Variable(jnp.zeros(2), name="w")
    opt = lo.SGD(1.0, use_ema=True, ema_momentum=0.5)
    for _ in range(3):
        opt.apply([jnp.ones(2)], [w])
    # w: -1, -2, -3 ; average: -1, -1.5, -2.25
    opt.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), [-2.25, -2.25])


def test_gradient_accumulation_updates_every_n_steps_with_the_mean():
    w = Variable(jnp.zeros(1), name="w")
    opt = lo.SGD(1.0, gradient_accumulation_steps=2)
    opt.apply([jnp.array([1.0])], [w])
    assert float(w.numpy()[0]) == 0.0
    opt.apply([jnp.array([3.0])], [w])
    assert float(w.numpy()[0]) == -2.0
    assert int(opt.iterations) == 1 and int(opt._iterations.value) == 2


def test_loss_scale_factor_scales_loss_and_unscales_gradients():
    w = Variable(jnp.zeros(1), name="w")
    opt = lo.SGD(1.0, loss_scale_factor=8.0)
    assert float(opt.scale_loss(jnp.asarray(2.0))) == 16.0
    opt.apply([jnp.array([8.0])], [w])
    assert float(w.numpy()[0]) == -1.0


def test_keras_style_subclass_with_update_step():
    class MomentumSGD(lo.Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def build(self, variables):
            if self.built:
                return
            super().build(variables)
            self.momentums = self.add_optimizer_variables(variables, "momentum")

        def update_step(self, gradient, variable, learning_rate):
            m = self.momentums[self._get_variable_index(variable)]
            self.assign(m, m * 0.9 - gradient * learning_rate)
            self.assign_add(variable, m)

    custom, reference = MomentumSGD(clipnorm=1.0), lo.SGD(0.1, momentum=0.9, clipnorm=1.0)
    custom_vars, reference_vars = make_variables(), make_variables()
    custom.build(custom_vars)
    step = jax.jit(custom.stateless_apply)
    opt_values, params = values(custom.variables), values(custom_vars)
    for grads in make_grads(5):
        reference.apply(grads, reference_vars)
        params, opt_values = step(opt_values, grads, params)
    for a, b in zip(values(reference_vars), params):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert [v.name for v in custom.variables] == [v.name for v in reference.variables]


def test_transformation_is_an_optax_chain_matching_the_slots():
    opt = lo.RMSprop(momentum=0.5, centered=True, clipnorm=1.0)
    variables = make_variables()
    opt.build(variables)
    tx = opt.transformation
    assert isinstance(tx, optax.GradientTransformationExtraArgs)
    _, core_state = tx.init(values(variables))
    assert jax.tree.structure(core_state) == jax.tree.structure(
        opt._state_tree({id(v): v.value for v in opt.variables}, range(3)))
    updates, _ = tx.update(make_grads(1)[0], (optax.EmptyState(), core_state),
                           values(variables), learning_rate=jnp.asarray(0.1),
                           iterations=jnp.asarray(0))
    assert [u.shape for u in updates] == SHAPES


def test_weights_save_load_and_set():
    variables = make_variables()
    opt = lo.Adam(0.1)
    opt.apply(make_grads(1)[0], variables)
    store = {}
    opt.save_own_variables(store)
    assert len(store) == len(opt.variables) == 8
    fresh = lo.Adam(0.1)
    fresh.build(variables)
    fresh.load_own_variables(store)
    for a, b in zip(opt.variables, fresh.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    fresh.set_weights([np.zeros(v.shape, v.dtype) for v in fresh.variables])
    assert int(fresh.iterations.value) == 0
    with pytest.raises(ValueError, match="has shape"):
        fresh.set_weights([np.zeros((5,))])
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        lo.Adam().load_own_variables(store)


def test_argument_errors_are_explicit():
    with pytest.raises(ValueError, match="only one of `clipnorm`"):
        lo.SGD(clipnorm=1.0, clipvalue=1.0)
    with pytest.raises(ValueError, match="not recognized"):
        lo.Adam(betas=0.9)
    with pytest.raises(ValueError, match="learning_rate"):
        lo.SGD(learning_rate="fast")
    with pytest.raises(ValueError, match="gradient_accumulation_steps"):
        lo.SGD(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match="ema_momentum"):
        lo.SGD(use_ema=True, ema_momentum=2.0)
    with pytest.raises(ValueError, match="weight_decay"):
        lo.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="momentum"):
        lo.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="beta_1"):
        lo.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="needs to be"):
        lo.Ftrl(learning_rate_power=0.5)
    with pytest.warns(UserWarning, match="decay"):
        lo.SGD(decay=0.1)


def test_stateless_apply_and_build_errors():
    variables = make_variables()
    opt = lo.Adam()
    with pytest.raises(ValueError, match="must be built"):
        opt.stateless_apply([], [], [])
    with pytest.raises(ValueError, match="expected lamina Variables"):
        opt.build([jnp.zeros(2)])
    opt.build(variables)
    with pytest.raises(ValueError, match="one value per entry of optimizer.variables"):
        opt.stateless_apply([], make_grads(1)[0], values(variables))
    with pytest.raises(ValueError, match="`grads` must hold one entry"):
        opt.stateless_apply(values(opt.variables), [None], values(variables))
    with pytest.raises(ValueError, match="before the optimizer is built"):
        opt.exclude_from_weight_decay(var_names=["bias"])
    with pytest.raises(ValueError, match="must already be built"):
        lo.SGD().apply([jnp.ones(2)])


def test_exclude_from_weight_decay_by_variable():
    variables = make_variables()
    opt = lo.SGD(1.0, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_list=[variables[0]])
    before = [v.numpy() for v in variables]
    opt.apply([jnp.zeros(s) for s in SHAPES], variables)
    np.testing.assert_array_equal(variables[0].numpy(), before[0])
    np.testing.assert_allclose(variables[1].numpy(), before[1] * 0.5, rtol=1e-6)
