"""Seeds: ``SeedGenerator`` (state in a non-trainable Variable) and ``set_random_seed``.

Drawing a key from a generator advances its state with ``assign``, so inside a
StatelessScope (a jitted train step) the new state is returned like any other variable
update and dropout masks differ from step to step.

>>> gen = SeedGenerator(42)
>>> k1, k2 = gen.next(), gen.next()
>>> bool((k1 != k2).any())
True
"""

import random as python_random

import jax
import jax.numpy as jnp
import numpy as np

from lamina.core import context
from lamina.core.variable import Variable, VariableError
from lamina.utils import naming


def make_default_seed() -> int:
    """A fresh seed from the global Python RNG (seeded by ``set_random_seed``)."""
    rng = context.SEED_STATE.get("python_rng") or python_random
    return rng.randint(1, int(1e9))


class SeedGenerator:
    """A stream of JAX PRNG keys with its state kept in a Variable."""

    def __init__(self, seed=None, name=None):
        self.name = name or naming.uniquify("seed_generator")
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, (int, np.integer)):
            raise ValueError(
                f"SeedGenerator: seed must be an int or None, received {type(seed).__name__}."
            )
        self._initial_seed = int(seed)
        self.state = Variable(
            jnp.asarray([0, self._initial_seed], dtype="uint32"),
            trainable=False,
            name="seed_generator_state",
        )
        self.state.path = f"{self.name}/seed_generator_state"

    def next(self):
        """Return a new PRNG key and advance the state."""
        state = self.state.value
        self.state.assign(state + jnp.asarray([1, 0], dtype="uint32"))
        return jax.random.fold_in(jax.random.key(state[1]), state[0])

    def get_config(self):
        return {"seed": self._initial_seed}


def global_seed_generator() -> SeedGenerator:
    generator = context.SEED_STATE.get("generator")
    if generator is None:
        generator = SeedGenerator(name="global_seed_generator")
        context.SEED_STATE["generator"] = generator
    return generator


_TRACED_SEED_NONE = (
    "A random op with seed=None was called inside a traced function (jax.jit, grad, "
    "scan...), where the global seed stream cannot advance. Pass seed= an int (the same "
    "numbers on every call) or a SeedGenerator (bind its state with StatelessScope / "
    "stateless_call inside jit)."
)


def draw_key(seed):
    """A PRNG key from ``seed``: an int, a SeedGenerator, a key, or None (global stream)."""
    if seed is None:
        if context.stateless_scopes() or context.in_symbolic_trace():
            raise ValueError(_TRACED_SEED_NONE)
        try:
            return global_seed_generator().next()
        except VariableError:  # inside a bare jax.jit / grad: the stream cannot advance
            raise ValueError(_TRACED_SEED_NONE) from None
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, (int, np.integer)):
        return jax.random.key(int(seed))
    return seed


def set_random_seed(seed: int) -> None:
    """Seed Python's ``random``, numpy and lamina's global stream for reproducible runs."""
    python_random.seed(seed)
    np.random.seed(seed)
    context.SEED_STATE["python_rng"] = python_random.Random(seed)
    context.SEED_STATE["generator"] = SeedGenerator(seed, name="global_seed_generator")
