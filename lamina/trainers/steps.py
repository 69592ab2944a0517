"""The pure train / test / predict steps and the execution functions made from them.

A step is ``step(state, data) -> (logs, state)`` over a :class:`TrainState`: the model
runs under a ``StatelessScope`` binding its Variables to the state's arrays, gradients
come from ``jax.value_and_grad``, and the optimizer and metrics update purely. The
execution function wraps a step with ``jax.jit`` (donating the state) unless the model
runs eagerly (``run_eagerly=True`` or a ``dynamic=True`` layer).
"""

import jax
import jax.numpy as jnp

from lamina.core import context, masking
from lamina.core.scopes import StatelessScope
from lamina.trainers.train_state import TrainState
from lamina.utils import tree

# Key under which a step returns this batch's add_metric values.
ADDED_METRICS_KEY = "__added_metrics__"


def flat_outputs(model, y_pred) -> list:
    """Model outputs in output-name order."""
    if isinstance(y_pred, dict):
        return [y_pred[name] for name in model._output_names_for(y_pred)]
    return tree.flatten(y_pred)


def row_mask(valid, output_mask):
    """Validity of the padded batch combined with an output's own mask."""
    if valid is None:
        return output_mask
    if output_mask is None:
        return valid
    return valid.reshape((-1,) + (1,) * (output_mask.ndim - 1)) & output_mask


def forward(model, layout, state, x, training):
    """Run the model purely.

    Returns y_pred, output masks, new non-trainables, ``add_loss`` terms and the
    ``add_metric`` values as ``(name, value)`` pairs.
    """
    mapping = list(zip(layout.fields.trainable, state.trainable))
    mapping += list(zip(layout.fields.non_trainable, state.non_trainable))
    with StatelessScope(mapping, collect_losses=True) as scope:
        y_pred = model(x, training=training)
        masks = [masking.get_mask(out) for out in flat_outputs(model, y_pred)]
        extra_losses = model.losses
    new_non_trainable = [
        _current(scope, v, old) for v, old in zip(layout.fields.non_trainable, state.non_trainable)
    ]
    added = {}
    for _, name, value, aggregation in scope.metrics:
        model._added_metric_aggregations[name] = aggregation  # recorded at trace time
        added[name] = value
    return y_pred, masks, new_non_trainable, extra_losses, added


def _current(scope, variable, old):
    value = scope.get_current_value(variable)
    return old if value is None else value


def compiled_loss_terms(model, y, y_pred, sample_weight, masks, extra_losses):
    """Total loss (compiled + add_loss + regularizers) and the per-output losses."""
    valid = context.batch_validity()
    outputs = flat_outputs(model, y_pred)
    names = model._compile_loss.output_names if model._compile_loss else []
    loss_masks = [row_mask(valid, m) for m in masks]
    total = jnp.zeros((), "float32")
    per_output = []
    if model._compile_loss is not None and model._compile_loss.entries:
        from lamina.trainers.compile_utils import flatten_by_outputs

        y_flat = flatten_by_outputs(y, names, "targets (y)")
        sw_flat = flatten_by_outputs(sample_weight, names, "sample_weight")
        total, per_output = model._compile_loss(y_flat, outputs, sw_flat, loss_masks)
    for term in extra_losses:
        total = total + jnp.asarray(term, "float32")
    return total, per_output


def update_metrics(
    model, layout, metric_values, loss, per_output, y, y_pred, sample_weight, masks, added=()
):
    """Pure metric update; returns (logs, new metric values)."""
    valid = context.batch_validity()
    rows = None if valid is None else valid.astype("float32")
    count = (
        jnp.asarray(jnp.shape(tree.flatten(y_pred)[0])[0], "float32")
        if rows is None
        else (jnp.sum(rows))
    )
    with StatelessScope(list(zip(layout.fields.metrics, metric_values))) as scope:
        model._loss_tracker.update_state(loss, sample_weight=count)
        for tracker, value in zip(model._output_loss_trackers, per_output):
            tracker.update_state(value, sample_weight=count)
        if model._compile_metrics is not None and model._compile_metrics.entries:
            from lamina.trainers.compile_utils import flatten_by_outputs

            names = model._compile_loss.output_names
            y_flat = flatten_by_outputs(y, names, "targets (y)")
            sw_flat = flatten_by_outputs(sample_weight, names, "sample_weight")
            model._compile_metrics.update(y_flat, flat_outputs(model, y_pred), sw_flat, masks, rows)
        logs = model._metric_results(include_added=False)
    new_values = [_current(scope, v, old) for v, old in zip(layout.fields.metrics, metric_values)]
    if added:
        logs[ADDED_METRICS_KEY] = dict(added)
    return logs, new_values


def default_train_step(model, state, data):
    layout = model._layout
    x, y, sample_weight = data

    def loss_fn(trainable):
        y_pred, masks, non_trainable, extra, added = forward(
            model, layout, state._replace(trainable=trainable), x, training=True
        )
        loss, per_output = compiled_loss_terms(model, y, y_pred, sample_weight, masks, extra)
        # Differentiate the scaled loss (loss_scale_factor, or a LossScaleOptimizer's
        # dynamic scale read from this step's optimizer state); the optimizer divides the
        # gradients back. Logs and metrics see the unscaled loss.
        with StatelessScope(list(zip(layout.fields.optimizer, state.optimizer))):
            scaled = model.optimizer.scale_loss(loss)
        return scaled, (loss, y_pred, masks, non_trainable, per_output, added)

    (_, aux), grads = jax.value_and_grad(loss_fn, has_aux=True)(state.trainable)
    loss, y_pred, masks, non_trainable, per_output, added = aux
    if state.trainable:
        trainable, optimizer = model.optimizer.stateless_apply(
            state.optimizer, grads, state.trainable
        )
    else:
        trainable, optimizer = state.trainable, state.optimizer
    logs, metrics = update_metrics(
        model, layout, state.metrics, loss, per_output, y, y_pred, sample_weight, masks, added
    )
    return logs, TrainState(list(trainable), non_trainable, list(optimizer), metrics)


def default_test_step(model, state, data):
    layout = model._layout
    x, y, sample_weight = data
    y_pred, masks, _, extra, added = forward(model, layout, state, x, training=False)
    loss, per_output = compiled_loss_terms(model, y, y_pred, sample_weight, masks, extra)
    logs, metrics = update_metrics(
        model, layout, state.metrics, loss, per_output, y, y_pred, sample_weight, masks, added
    )
    return logs, state._replace(metrics=metrics)


def default_predict_step(model, state, data):
    x = data[0] if isinstance(data, tuple) else data
    y_pred = forward(model, model._layout, state, x, training=False)[0]
    return y_pred


def make_execution_function(model, kind: str, jit: bool):
    """``fn(state, data, valid)`` running ``model.<kind>_step`` with the batch validity set."""
    step = getattr(model, f"{kind}_step")

    def run(state, data, valid):
        token = context.set_batch_validity(valid)
        try:
            return step(state, data)
        finally:
            context.reset_batch_validity(token)

    if not jit:
        return run
    # Training donates its state: the old buffers are reused for the new state.
    return jax.jit(run, donate_argnums=(0,) if kind == "train" else ())


def make_multi_step_function(model, kind: str, jit: bool):
    """``fn(state, stacked_data, stacked_valid)``: N steps in one device call.

    The leading axis of every array is the step; ``jax.lax.scan`` carries the state.
    Returns the logs of the last step, with ``add_metric`` values of all N steps.
    """
    single = make_execution_function(model, kind, jit=False)

    def run_many(state, data, valid):
        def body(carry, inputs):
            logs, carry = single(carry, inputs[0], inputs[1])
            return carry, logs

        state, logs = jax.lax.scan(body, state, (data, valid))
        added = logs.pop(ADDED_METRICS_KEY, None)
        logs = jax.tree_util.tree_map(lambda v: v[-1], logs)
        if added:
            logs[ADDED_METRICS_KEY] = added
        return logs, state

    if not jit:

        def run_eager(state, data, valid):
            count = len(valid)
            logs, added = {}, {}
            for i in range(count):
                item = jax.tree_util.tree_map(lambda a, i=i: a[i], data)
                logs, state = single(state, item, valid[i])
                for name, value in logs.pop(ADDED_METRICS_KEY, {}).items():
                    added.setdefault(name, []).append(value)
            if added:
                logs[ADDED_METRICS_KEY] = {k: jnp.stack(v) for k, v in added.items()}
            return logs, state

        return run_eager
    return jax.jit(run_many, donate_argnums=(0,) if kind == "train" else ())
