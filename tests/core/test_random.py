import numpy as np

from lamina.core.random import SeedGenerator, set_random_seed
from lamina.core.scopes import StatelessScope


def test_seed_generator_advances_and_is_reproducible():
    a, b = SeedGenerator(3), SeedGenerator(3)
    ka1, ka2 = a.next(), a.next()
    kb1 = b.next()
    import jax

    assert np.array_equal(jax.random.key_data(ka1), jax.random.key_data(kb1))
    assert not np.array_equal(jax.random.key_data(ka1), jax.random.key_data(ka2))


def test_seed_generator_state_updates_inside_a_scope_only():
    gen = SeedGenerator(1)
    before = gen.state.numpy().copy()
    with StatelessScope([(gen.state, gen.state.value)]) as scope:
        gen.next()
    assert np.array_equal(gen.state.numpy(), before)
    assert not np.array_equal(np.asarray(scope.get_current_value(gen.state)), before)


def test_set_random_seed_makes_unseeded_generators_reproducible():
    set_random_seed(7)
    first = SeedGenerator().state.numpy().copy()
    set_random_seed(7)
    second = SeedGenerator().state.numpy().copy()
    assert np.array_equal(first, second)


def test_seed_none_inside_a_bare_jit_says_what_to_pass():
    import jax
    import pytest

    import lamina

    with pytest.raises(ValueError, match="Pass seed= an int"):
        jax.jit(lambda x: lamina.random.normal((2,)) + x)(1.0)
