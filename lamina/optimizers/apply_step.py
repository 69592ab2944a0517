"""One optimizer step as a pure function of values (the body of ``stateless_apply``).

The order is Keras 3's, so the numbers match Keras:

1. ``None`` gradients leave their variable and its slots untouched; variables flagged
   ``overwrite_with_gradient`` take their gradient as new value;
2. gradients are divided by ``loss_scale_factor``; with
   ``gradient_accumulation_steps=N`` they are summed into accumulators, and the update
   (with the mean gradient) only takes effect every N-th step — computed every step
   and selected with ``where``, so the step stays one jit-able program;
3. decoupled weight decay ``var - var * weight_decay * learning_rate``;
4. the optimizer's ``optax.chain(clipping, core)`` with the extra arguments
   ``learning_rate`` and ``iterations`` (or a Keras-style ``update_step`` under a
   :class:`~lamina.core.scopes.StatelessScope`);
5. the EMA of the weights (``use_ema``), then variable constraints, then
   ``iterations + 1``.

Values are passed as ``{id(variable): array}`` so that nothing reads or writes a
Variable.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> from lamina.optimizers.sgd import SGD
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = SGD(learning_rate=0.5)
>>> opt.build([w])
>>> values = {id(v): v.value for v in opt.variables}
>>> params, values = apply_values(opt, values, [jnp.ones(2)], [w.value])
>>> params[0].tolist(), int(values[id(opt.variables[0])])
([0.5, 0.5], 1)
"""

import warnings

import jax.numpy as jnp
import optax

from lamina.core.convert import convert_to_tensor
from lamina.core.scopes import StatelessScope


def apply_values(optimizer, values, grads, params):
    """``(new_params, new_values)`` after one step; ``values`` maps ``id(variable)``."""
    opt = optimizer
    raw_iterations = values[id(opt._iterations)]
    steps = opt.gradient_accumulation_steps
    iterations = raw_iterations // steps if steps else raw_iterations
    learning_rate = opt._learning_rate_value(values, raw_iterations)
    new_params, new_values, active, missing = list(params), dict(values), [], []
    for i, (grad, variable) in enumerate(zip(grads, opt._trainable_variables)):
        if grad is None:
            missing.append(variable.path)
        elif opt._overwrite_variable_with_gradient(variable):
            new_params[i] = convert_to_tensor(grad, dtype=variable.dtype)
        else:
            active.append(i)
    if len(missing) == len(grads):
        raise ValueError(f"{type(opt).__name__}: no gradients provided for any variable.")
    if missing:
        warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the "
                      "loss. If using `model.compile()`, did you forget to provide a `loss` "
                      "argument?", stacklevel=4)
    if not active:
        new_values[id(opt._iterations)] = raw_iterations + 1
        return new_params, new_values
    grads = [convert_to_tensor(grads[i]) for i in active]
    if opt.loss_scale_factor is not None:
        grads = [g / opt.loss_scale_factor for g in grads]
    old = [params[i] for i in active]
    if steps:
        is_update = (raw_iterations + 1) % steps == 0
        accumulators = [opt._accumulated_gradients[i] for i in active]
        sums = [g + values[id(a)] for g, a in zip(grads, accumulators)]
        grads = [jnp.where(is_update, s / steps, g) for s, g in zip(sums, grads)]
    decayed = [_apply_weight_decay(opt, p, opt._trainable_variables[i], learning_rate)
               for p, i in zip(old, active)]
    if opt._uses_update_step():
        updated, slots = _keras_style_update(opt, grads, decayed, active, values,
                                             learning_rate)
    else:
        updated, slots = _core_update(opt, grads, decayed, active, values, learning_rate,
                                      iterations)
    if steps:
        updated = [jnp.where(is_update, u, p) for u, p in zip(updated, old)]
        slots = {k: jnp.where(is_update, u, values[k]) for k, u in slots.items()}
        slots.update({id(a): jnp.where(is_update, jnp.zeros_like(s), s)
                      for a, s in zip(accumulators, sums)})
    for i, value in zip(active, updated):
        new_params[i] = value
    new_values.update(slots)
    if opt.use_ema:
        _update_moving_average(opt, new_params, new_values, iterations)
    for i in active:
        constraint = opt._trainable_variables[i].constraint
        if constraint is not None:
            new_params[i] = convert_to_tensor(constraint(new_params[i]),
                                              dtype=new_params[i].dtype)
    new_values[id(opt._iterations)] = raw_iterations + 1
    return new_params, new_values


def _apply_weight_decay(opt, param, variable, learning_rate):
    if opt.weight_decay is None or not opt._use_weight_decay(variable):
        return param
    lr = learning_rate.astype(param.dtype)
    wd = jnp.asarray(opt.weight_decay, param.dtype)
    return param - param * wd * lr


def _core_update(opt, grads, params, active, values, learning_rate, iterations):
    """New parameter and slot values from the optimizer's optax transformation."""
    state = (optax.EmptyState(), opt._state_tree(values, active))
    deltas, (_, new_state) = opt.transformation.update(
        grads, state, params, learning_rate=learning_rate, iterations=iterations)
    new_params = [p + d.astype(p.dtype) for p, d in zip(params, deltas)]
    return new_params, opt._state_updates(new_state, active)


def _keras_style_update(opt, grads, params, active, values, learning_rate):
    """Run a custom Keras-style ``update_step`` per variable inside a StatelessScope."""
    grads = opt._clipping().update(grads, optax.EmptyState())[0]
    targets = [opt._trainable_variables[i] for i in active]
    special = {id(opt._iterations), id(opt._learning_rate)}
    special.update(id(v) for v in opt._model_variables_moving_average if v is not None)
    special.update(id(v) for v in opt._accumulated_gradients if v is not None)
    mapping = list(zip(targets, params)) + [(v, values[id(v)]) for v in opt._variables]
    with StatelessScope(mapping) as scope:
        for grad, variable in zip(grads, targets):
            opt.update_step(grad, variable, learning_rate)
    new_params = [scope.get_current_value(v) for v in targets]
    slots = {id(v): scope.get_current_value(v) for v in opt._variables if id(v) not in special}
    return new_params, slots


def _update_moving_average(opt, new_params, new_values, iterations):
    """Keras' EMA of the weights, then the optional periodic overwrite."""
    overwrite = None
    if opt.ema_overwrite_frequency:
        overwrite = (iterations + 1) % opt.ema_overwrite_frequency == 0
    for i, average in enumerate(opt._model_variables_moving_average):
        if average is None:
            continue
        current = new_params[i]
        momentum = (iterations != 0).astype(current.dtype) * opt.ema_momentum
        value = momentum * new_values[id(average)] + (1 - momentum) * current
        new_values[id(average)] = value
        if overwrite is not None:
            new_params[i] = jnp.where(overwrite, value, current)
