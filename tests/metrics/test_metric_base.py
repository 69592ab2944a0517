"""The Metric base class: variables, tracking, pure forms under jit, reset, config."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import metrics
from lamina.core.variable import Variable


class CountPositives(metrics.Metric):
    def __init__(self, name="count_positives", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.hits = self.add_variable((), "zeros", name="hits")
        self.seen = self.add_variable((2,), lambda shape, dtype: jnp.ones(shape, dtype),
                                      name="seen")

    def update_state(self, values):
        values = jnp.asarray(values)
        self.hits.assign_add(jnp.sum(values > 0).astype(self.dtype))
        self.seen.assign_add(jnp.array([values.size, 0], self.dtype))

    def result(self):
        return self.hits.value / (self.seen.value[0] - 1.0)


class Pair(metrics.Metric):
    """A metric holding two sub-metrics."""

    def __init__(self):
        super().__init__(name="pair")
        self.mean = metrics.Mean()
        self.total = metrics.Sum()
        self.calls = self.add_variable((), "ones", dtype="int32", name="calls")

    def update_state(self, values):
        self.mean.update_state(values)
        self.total.update_state(values)
        self.calls.assign_add(1)

    def result(self):
        return self.total.result() - self.mean.result()


def test_add_variable_creates_non_trainable_variables_in_order():
    metric = CountPositives()
    assert [v.name for v in metric.variables] == ["hits", "seen"]
    assert all(isinstance(v, Variable) and not v.trainable for v in metric.variables)
    assert metric.variables[0].path == "count_positives/hits"
    assert metric.variables[1].numpy().tolist() == [1.0, 1.0]
    assert metric.variables[0].aggregation == "sum"
    with pytest.raises(ValueError, match="unknown initializer"):
        metric.add_variable((), "glorot_uniform")
    assert metric.add_weight(name="extra").numpy() == 0.0


def test_update_result_call_and_reset():
    metric = CountPositives()
    metric.update_state([1.0, -1.0, 2.0])
    np.testing.assert_allclose(metric.result(), 2 / 3)
    np.testing.assert_allclose(metric([-3.0]), 2 / 4)
    metric.reset_state()
    assert [v.numpy().tolist() for v in metric.variables] == [0.0, [0.0, 0.0]]


def test_sub_metrics_are_tracked_and_reset():
    pair = Pair()
    assert len(pair.variables) == 1 + 2 + 1  # own first, then Mean's two, then Sum's one
    assert pair.variables[0].name == "calls"
    pair.update_state([1.0, 3.0])
    assert float(pair.result()) == 2.0
    pair.reset_state()
    assert all(float(jnp.sum(v.value)) == 0 for v in pair.variables)


def test_stateless_forms_are_pure_and_jittable():
    metric = CountPositives()
    metric.update_state([5.0])  # stateful state, untouched by the pure calls below

    @jax.jit
    def run(state, batch):
        state = metric.stateless_update_state(state, batch)
        return state, metric.stateless_result(state)

    state = metric.stateless_reset_state()
    assert [np.asarray(v).tolist() for v in state] == [0.0, [0.0, 0.0]]
    state, value = run(state, jnp.array([1.0, -2.0]))
    state, value = run(state, jnp.array([3.0, 4.0]))
    assert float(value) == pytest.approx(3 / 3)  # seen starts at 0 here: 3 hits / (4 - 1)
    assert float(metric.result()) == 1.0  # 1 hit / (1 + 1 - 1)
    with pytest.raises(ValueError, match="one value per variable"):
        metric.stateless_update_state(state[:1], [1.0])
    with pytest.raises(ValueError, match="one value per variable"):
        metric.stateless_result([])


def test_stateless_update_returns_unchanged_inputs_for_untouched_variables():
    pair = Pair()
    state = [jnp.asarray(7, "int32"), jnp.asarray(1.0), jnp.asarray(2.0), jnp.asarray(3.0)]
    new = pair.stateless_update_state(state, jnp.array([2.0]))
    assert int(new[0]) == 8 and float(new[3]) == 5.0


def test_stateful_update_inside_jit_gives_a_teaching_error():
    metric = metrics.Mean()
    with pytest.raises(ValueError, match="stateless"):
        jax.jit(lambda x: metric.update_state(x))(jnp.ones(2))


def test_missing_super_init_and_unimplemented_methods():
    class Broken(metrics.Metric):
        def __init__(self):
            self.total = 0

    with pytest.raises(RuntimeError, match="super"):
        Broken().add_variable((), "zeros")
    bare = metrics.Metric(name="bare")
    with pytest.raises(NotImplementedError):
        bare.update_state(1)
    with pytest.raises(NotImplementedError):
        bare.result()


def test_config_round_trip_and_repr():
    metric = metrics.Mean(name="my_mean", dtype="float16")
    assert metric.get_config() == {"name": "my_mean", "dtype": "float16"}
    clone = metrics.Mean.from_config(metric.get_config())
    assert (clone.name, clone.dtype) == ("my_mean", "float16")
    assert repr(clone) == "<Mean name=my_mean>"
    assert metrics.Metric().name == "metric"
