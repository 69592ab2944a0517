"""OptaxOptimizer: any optax transformation as a lamina optimizer."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import lamina.optimizers as lo
from lamina.core.variable import Variable


def _setup(seed=0):
    rng = np.random.default_rng(seed)
    shapes = [(3, 2), (2,)]
    params = [jnp.asarray(rng.normal(size=s), "float32") for s in shapes]
    grads = [[jnp.asarray(rng.normal(size=s), "float32") for s in shapes] for _ in range(6)]
    return params, grads


def _optax_loop(tx, params, grads):
    state = tx.init(params)
    for g in grads:
        updates, state = tx.update(g, state, params)
        params = optax.apply_updates(params, updates)
    return params


@pytest.mark.parametrize("make_tx", [lambda: optax.adam(0.05),
                                     lambda: optax.chain(optax.clip(0.5), optax.sgd(0.1, 0.9)),
                                     lambda: optax.adamw(0.05, weight_decay=0.1)],
                         ids=["adam", "chain", "adamw"])
def test_matches_a_plain_optax_loop(make_tx):
    params, grads = _setup()
    expected = _optax_loop(make_tx(), params, grads)
    variables = [Variable(p, name=f"p{i}") for i, p in enumerate(params)]
    opt = lo.get(make_tx())
    for g in grads:
        opt.apply(g, variables)
    for a, b in zip(expected, variables):
        np.testing.assert_allclose(b.numpy(), a, rtol=1e-5, atol=1e-6)
    assert int(opt.iterations.value) == len(grads)
    assert opt.variables[0].name == "iteration"
    assert all(v.name.startswith("state") for v in opt.variables[1:])


def test_with_a_learning_rate_it_scales_a_direction_and_can_change_under_jit():
    params, grads = _setup()
    expected = _optax_loop(optax.adam(0.05), params, grads)
    variables = [Variable(p, name=f"p{i}") for i, p in enumerate(params)]
    opt = lo.OptaxOptimizer(optax.scale_by_adam(), learning_rate=0.05)
    opt.build(variables)
    traces = []

    @jax.jit
    def step(opt_values, grads, params):
        traces.append(1)
        return opt.stateless_apply(opt_values, grads, params)

    opt_values, values = [v.value for v in opt.variables], [v.value for v in variables]
    for g in grads:
        values, opt_values = step(opt_values, g, values)
    for a, b in zip(expected, values):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    opt_values[1] = jnp.zeros((), "float32")  # learning rate 0: nothing moves, no retrace
    frozen, _ = step(opt_values, grads[0], values)
    for a, b in zip(values, frozen):
        np.testing.assert_array_equal(a, b)
    assert len(traces) == 1


def test_learning_rate_less_wrapper_errors():
    opt = lo.OptaxOptimizer(optax.sgd(0.1))
    assert opt.learning_rate is None
    with pytest.raises(TypeError, match="no learning rate of its own"):
        opt.learning_rate = 0.5
    with pytest.raises(ValueError, match="weight_decay"):
        lo.OptaxOptimizer(optax.sgd(0.1), weight_decay=0.1)
    with pytest.raises(ValueError, match="optax.GradientTransformation"):
        lo.OptaxOptimizer("adam")
    w, v = Variable(jnp.zeros(2), name="w"), Variable(jnp.zeros(2), name="v")
    opt.build([w, v])
    with pytest.raises(ValueError, match="every variable needs a gradient"), pytest.warns(
            UserWarning):
        opt.apply([jnp.ones(2), None])
