"""A per-variable Keras update step as an optax transformation over slot lists.

Keras 3 updates each variable on its own, in the variable's dtype. An optimizer whose
Keras formula optax does not reproduce exactly writes only that per-variable step;
:func:`slot_transform` loops it over the variables as an
``optax.GradientTransformationExtraArgs`` (extra args ``learning_rate``, ``iterations``)
whose state holds one list per slot name, in the order of the optimizer's
``_state_variables``.
"""

import jax.numpy as jnp
import optax


def zero_slots(params, slot_names):
    """``{name: [zeros like each param]}``: the initial state of zero-started slots."""
    return {name: [jnp.zeros_like(p) for p in params] for name in slot_names}


def update_slots(step, slot_names, updates, state, params, learning_rate, iterations):
    """``(deltas, new_state)`` from ``step`` applied to each variable and its slots.

    ``step(g, p, lr, count, *slots)`` receives the gradient and the learning rate cast
    to the variable ``p``'s dtype, the 1-based update count ``iterations + 1`` (still an
    integer array) and the variable's slots in ``slot_names`` order; it returns
    ``(delta, new_slots)`` with ``new_slots`` in the same order.
    """
    new_state = {name: [] for name in slot_names}
    deltas = []
    count = iterations + 1
    for i, (g, p) in enumerate(zip(updates, params)):
        dtype = p.dtype
        slots = (state[name][i] for name in slot_names)
        delta, new_slots = step(g.astype(dtype), p, learning_rate.astype(dtype), count, *slots)
        for name, slot in zip(slot_names, new_slots):
            new_state[name].append(slot)
        deltas.append(delta)
    return deltas, new_state


def slot_transform(slot_names, step):
    """The optax transformation of ``step`` (see :func:`update_slots`), slots from zeros.

    >>> import jax.numpy as jnp
    >>> def sgd_step(g, p, lr, count, total):
    ...     return -(lr * g), (total + g,)
    >>> transform = slot_transform(("total",), sgd_step)
    >>> params = [jnp.array([1.0])]
    >>> deltas, state = transform.update([jnp.array([2.0])], transform.init(params), params,
    ...                                  learning_rate=jnp.array(0.5), iterations=jnp.array(0))
    >>> float(deltas[0][0]), float(state["total"][0][0])
    (-1.0, 2.0)
    """

    def init_fn(params):
        return zero_slots(params, slot_names)

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        return update_slots(step, slot_names, updates, state, params, learning_rate,
                            iterations)

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)
