"""``Trainer``: compile / fit / evaluate / predict and the ``*_on_batch`` methods.

The talk's model: ``compile`` configures; the three execution functions (train, test,
predict) are created lazily on first use, cached, and reset by ``compile``. Everything
dynamic in the loop is a callback (progress bar and History included, called last).
"""

import importlib
import warnings

import numpy as np

from lamina import config
from lamina import metrics as metrics_module
from lamina import optimizers as optimizers_module
from lamina.callbacks.callback_list import CallbackList
from lamina.core.keras_tensor import KerasTensor
from lamina.data.adapters import get_adapter, is_array_data
from lamina.data.array_adapter import (
    ArrayAdapter,
    split_validation,
    unpack_validation_data,
)
from lamina.trainers import steps
from lamina.trainers.compile_utils import CompileLoss, CompileMetrics
from lamina.trainers.train_state import StateLayout, TrainState
from lamina.utils import tree


class Trainer:
    """Mixin giving a model its training API (state kept in a pure TrainState)."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.stop_training = False
        self.history = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._output_loss_trackers = []
        self._added_metric_trackers = {}
        self._added_metric_aggregations = {}
        self.steps_per_execution = 1
        self.shuffle_seed = None
        self._resume = None
        self._current_epoch = 0
        self._run_eagerly = False
        self._jit_compile = True
        self._layout = None
        self._layout_key = None
        self._state = None
        self._functions = {}
        self._compile_built = False
        self._compile_config = None

    # ------------------------------------------------------------------ compile
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
    ):
        """Configure training: optimizer, loss(es), metrics. Builds nothing heavy.

        With ``auto_scale_loss=True`` (the default) and a model whose dtype policy is
        ``"mixed_float16"``, the optimizer is wrapped in a ``LossScaleOptimizer``.
        """
        if optimizer is None:
            raise ValueError(
                f"Model '{self.name}'.compile: optimizer=None; pass an optimizer such as "
                "'adam' or lamina.optimizers.SGD(0.01)."
            )
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(
                f"Model '{self.name}'.compile: steps_per_execution must be a positive int, "
                f"received {steps_per_execution!r}."
            )
        if loss_weights is not None and not isinstance(
            loss_weights, (list, tuple, dict, int, float)
        ):
            raise TypeError(
                f"Model '{self.name}'.compile: loss_weights must be a number, a list or a dict "
                f"by output name, received {type(loss_weights).__name__}."
            )
        self.optimizer = optimizers_module.get(optimizer)
        if auto_scale_loss and self.dtype_policy.name == "mixed_float16" and not isinstance(
                self.optimizer, optimizers_module.LossScaleOptimizer):
            # float16 gradients underflow: scale the loss dynamically, as Keras 3 does.
            self.optimizer = optimizers_module.LossScaleOptimizer(
                self.optimizer, name="loss_scale_optimizer")
        self._compile_loss = CompileLoss(loss, loss_weights) if loss is not None else None
        if self._compile_loss is not None:
            self._validate_loss_config(loss)
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics)
            if metrics is not None or weighted_metrics is not None
            else None
        )
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._output_loss_trackers = []
        self._added_metric_trackers = {}
        self._run_eagerly = bool(run_eagerly)
        self.steps_per_execution = steps_per_execution
        self._jit_compile = jit_compile in ("auto", True)
        self._compile_built = False
        self._functions = {}
        self._layout = None
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
            "auto_scale_loss": auto_scale_loss,
        }
        self.compiled = True

    def _validate_loss_config(self, loss):
        from lamina import losses as losses_module

        for item in tree.flatten(loss):
            if item is not None:
                losses_module.get(item)

    @property
    def run_eagerly(self) -> bool:
        """True when steps run without jit (asked for, or a dynamic layer requires it)."""
        dynamic = any(getattr(layer, "dynamic", False) for layer in self._flatten_layers())
        return self._run_eagerly or dynamic or not self._jit_compile

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = bool(value)
        self._functions = {}

    @property
    def metrics(self) -> list:
        """Loss tracker(s) then compiled metrics (Keras order)."""
        result = []
        if self._loss_tracker is not None:
            result.append(self._loss_tracker)
        result.extend(self._output_loss_trackers)
        if self._compile_metrics is not None:
            result.extend(self._compile_metrics.metrics)
        result.extend(self._added_metric_trackers.values())
        return result

    def _state_metrics(self) -> list:
        """Metrics whose state travels in the TrainState (add_metric trackers do not)."""
        tracked = set(id(m) for m in self._added_metric_trackers.values())
        return [m for m in self.metrics if id(m) not in tracked]

    @property
    def metrics_names(self) -> list:
        return [name for name, _ in self._named_metrics()]

    def _named_metrics(self):
        pairs = []
        if self._loss_tracker is not None:
            pairs.append(("loss", self._loss_tracker))
        names = self._compile_loss.loss_names() if self._compile_loss else []
        pairs.extend(zip(names, self._output_loss_trackers))
        if self._compile_metrics is not None:
            pairs.extend((name, metric) for name, _, metric, _ in self._compile_metrics.entries)
        pairs.extend(self._added_metric_trackers.items())
        return pairs

    def _metric_results(self, include_added=True) -> dict:
        pairs = self._named_metrics()
        if not include_added:
            tracked = set(id(m) for m in self._added_metric_trackers.values())
            pairs = [(n, m) for n, m in pairs if id(m) not in tracked]
        return {name: metric.result() for name, metric in pairs}

    def _python_logs(self, logs) -> dict:
        """Logs as Python floats, in ``metrics_names`` order (jit returns dicts key-sorted)."""
        order = [name for name in self.metrics_names if name in logs]
        order += [name for name in logs if name not in order]
        return {name: _python_value(logs[name]) for name in order}

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    # ------------------------------------------------------------- set-up
    def _assert_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"Model '{self.name}' must be compiled before {method}(): call "
                "model.compile(optimizer=..., loss=...) first (predict() works without it)."
            )

    def _output_names_for(self, y_pred):
        if isinstance(y_pred, dict):
            return sorted(y_pred)
        names = getattr(self, "output_names", None)
        count = len(tree.flatten(y_pred))
        if names and len(names) == count:
            return names
        return ["output"] if count == 1 else [f"output_{i}" for i in range(count)]

    def _prepare(self, batch, for_training):
        """Build the model (from the first batch), the compiled losses/metrics and layout."""
        if not self.built:
            self(batch.x, training=False)
        if self.compiled and not self._compile_built:
            y_pred = self._symbolic_or_eager_outputs(batch.x)
            names = self._output_names_for(y_pred)
            if self._compile_loss is None:
                self._compile_loss = CompileLoss(None)
                self._compile_loss.build(names)
                self._compile_loss.entries = []
            else:
                self._compile_loss.build(names)
            if len(names) > 1:
                self._output_loss_trackers = [
                    metrics_module.Mean(name=n) for n in self._compile_loss.loss_names()
                ]
            if self._compile_metrics is not None:
                from lamina.trainers.compile_utils import flatten_by_outputs

                y_flat = (
                    flatten_by_outputs(batch.y, names, "targets (y)")
                    if batch.y is not None
                    else [None] * len(names)
                )
                self._compile_metrics.build(
                    names, y_flat, steps.flat_outputs(self, y_pred), self._compile_loss
                )
            self._compile_built = True
            self._apply_pending_metric_state()
        if (
            for_training
            and self.optimizer is not None
            and not getattr(self.optimizer, "built", False)
        ):
            self.optimizer.build(self.trainable_variables)
        self._ensure_layout()

    def _apply_pending_metric_state(self):
        """Metric values restored by ``load_model`` wait until the metrics exist (here)."""
        if getattr(self, "_lamina_pending_metric_state", None) is not None:
            importlib.import_module("lamina.saving.object_state").apply_pending_metric_state(self)

    def _ensure_layout(self):
        """(Re)make the state layout when the set of variables changed (resets functions)."""
        optimizer = self.optimizer if getattr(self.optimizer, "built", False) else None
        optimizer_vars = list(optimizer.variables) if optimizer is not None else []
        metric_vars = [v for m in self.metrics for v in m.variables]
        trainable, frozen = self.trainable_variables, self.non_trainable_variables
        key = tuple(
            tuple(id(v) for v in group)
            for group in (trainable, frozen, optimizer_vars, metric_vars)
        )
        if self._layout is None or key != self._layout_key:
            self._layout = StateLayout(trainable, frozen, optimizer_vars, metric_vars)
            self._layout_key = key
            self._functions = {}
        return self._layout

    def _absorb_added_metrics(self, logs) -> dict:
        """Fold a step's ``add_metric`` values into their trackers; return Keras-style logs.

        The values leave the jitted step as plain outputs and are aggregated here with
        asynchronous device ops (no host sync), so names need not be known before tracing.
        """
        added = logs.pop(steps.ADDED_METRICS_KEY, None)
        if not added:
            return logs
        for name, value in added.items():
            aggregation = self._added_metric_aggregations.get(name, "mean")
            tracker = self._added_metric_trackers.get(name)
            if tracker is None:
                if name in logs:
                    raise ValueError(
                        f"Model '{self.name}': add_metric name '{name}' clashes with a compiled "
                        "loss or metric name; rename it."
                    )
                cls = metrics_module.Mean if aggregation == "mean" else metrics_module.Sum
                tracker = self._added_metric_trackers[name] = cls(name=name)
            tracker.update_state(value)
            logs[name] = tracker.result()
        return logs

    def _reset_added_metrics(self):
        for tracker in self._added_metric_trackers.values():
            tracker.reset_state()

    def _symbolic_or_eager_outputs(self, x):
        if getattr(self, "_outputs_structure", None) is not None:
            return self._outputs_structure
        return self(x, training=False)

    def _execution_function(self, kind):
        fn = self._functions.get(kind)
        if fn is None:
            fn = steps.make_execution_function(self, kind, jit=not self.run_eagerly)
            self._functions[kind] = fn
        return fn

    def _multi_step_function(self, kind):
        key = f"{kind}_x{self.steps_per_execution}"
        fn = self._functions.get(key)
        if fn is None:
            fn = steps.make_multi_step_function(self, kind, jit=not self.run_eagerly)
            self._functions[key] = fn
        return fn

    def _grouped(self, batches):
        """Batches in groups of ``steps_per_execution`` (stacked), then single leftovers.

        Yields ``(last_step_index, data, valid, stacked)``.
        """
        group = []
        for index, batch in enumerate(batches):
            group.append(batch)
            if len(group) == self.steps_per_execution:
                if len(group) == 1:
                    yield index, _data(batch), batch.valid, False
                else:
                    data = tree.map_structure(_stack, *[_data(b) for b in group])
                    yield index, data, np.stack([b.valid for b in group]), True
                group = []
        start = index + 1 - len(group) if group else 0
        for offset, batch in enumerate(group):
            yield start + offset, _data(batch), batch.valid, False

    @property
    def train_function(self):
        return self._functions.get("train")

    @property
    def test_function(self):
        return self._functions.get("test")

    @property
    def predict_function(self):
        return self._functions.get("predict")

    # -------------------------------------------------------- overridable steps
    def train_step(self, state, data):
        """One pure training step: ``(logs, new_state)``. Override for custom training."""
        return steps.default_train_step(self, state, data)

    def test_step(self, state, data):
        """One pure evaluation step: ``(logs, new_state)`` (only metrics change)."""
        return steps.default_test_step(self, state, data)

    def predict_step(self, state, data):
        """One pure inference step: the model's outputs."""
        return steps.default_predict_step(self, state, data)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """Compiled losses + ``add_loss`` terms + regularizers, for custom steps."""
        masks = [None] * len(steps.flat_outputs(self, y_pred))
        total, _ = steps.compiled_loss_terms(self, y, y_pred, sample_weight, masks, self.losses)
        return total

    # ----------------------------------------------------------- state sync
    def _sync_variables(self):
        """Write the in-flight training state back into the Variables (callbacks call this).

        Variables a callback assigned since the last sync are taken into the state
        first, so reading ``callback.model`` again never undoes an assignment."""
        if self._state is not None and self._layout is not None:
            self._state = self._layout.absorb_outside_changes(self._state)
            self._layout.write_back(self._state)

    def _take_outside_changes(self):
        if self._state is not None:
            self._state = self._layout.absorb_outside_changes(self._state)

    def _with_outside_weights(self, state):
        """``state`` with the model weights as they are after an ``on_test_begin`` /
        ``on_predict_begin`` hook, which may assign them (``SwapEMAWeights``)."""
        if self._state is not None:  # inside fit: absorb into the training state too
            self._take_outside_changes()
            return state._replace(
                trainable=self._state.trainable, non_trainable=self._state.non_trainable
            )
        fields = self._layout.fields
        return state._replace(
            trainable=[v.value for v in fields.trainable],
            non_trainable=[v.value for v in fields.non_trainable],
        )

    # ------------------------------------------------------------------- fit
    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
        """Train for ``epochs``; returns the ``History`` callback.

        ``x`` may be arrays (or lists/dicts of arrays, with ``y``), a Python generator, a
        ``lamina.utils.PyDataset``, or (when installed) a ``tf.data.Dataset``, torch
        ``DataLoader`` or grain dataset yielding ``(x, y[, sample_weight])``. The last,
        ragged batch is padded to the batch size and the padding rows get zero weight in
        losses, metrics and batch statistics, so each step compiles once.
        """
        self._assert_compiled("fit")
        if validation_split and validation_data is None:
            if not is_array_data(x):
                raise ValueError(
                    f"Model '{self.name}'.fit: validation_split works only with array data; for "
                    "a generator or dataset pass validation_data= instead."
                )
            (x, y, sample_weight), validation_data = split_validation(
                x, y, sample_weight, validation_split
            )
        epochs = _capped("epochs", epochs, config.max_epochs())
        adapter = get_adapter(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps=_capped_steps(steps_per_epoch),
            shuffle=bool(shuffle),
            class_weight=class_weight,
        )
        self._prepare(adapter.peek(), for_training=True)
        train_fn = self._execution_function("train")
        verbose = _resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks,
            add_history=True,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=epochs,
            steps=adapter.num_batches,
        )
        batch_hooks = callback_list.has_batch_hooks("train")
        self.stop_training = False
        self._state = self._layout.collect()
        # Each epoch's shuffle order derives from (shuffle_seed, epoch), so a run resumed
        # from a backup (BackupAndRestore sets _resume) replays exactly the same batches.
        self._resume = None
        self.shuffle_seed = int(np.random.randint(0, 2**31 - 1))
        callback_list.on_train_begin()
        if self._resume is not None:
            initial_epoch = self._resume["epoch"]
            self.shuffle_seed = self._resume["shuffle_seed"]
            self._take_outside_changes()
        epoch_logs = {}
        try:
            for epoch in range(initial_epoch, epochs):
                self._current_epoch = epoch
                self._reset_metric_state()
                callback_list.on_epoch_begin(epoch)
                self._take_outside_changes()
                logs = {}
                epoch_rng = np.random.default_rng([self.shuffle_seed, epoch])
                for step, data, valid, stacked in self._grouped(adapter.batches(epoch_rng)):
                    if batch_hooks:
                        callback_list.on_train_batch_begin(step)
                        self._take_outside_changes()
                    fn = self._multi_step_function("train") if stacked else train_fn
                    logs, self._state = fn(self._state, data, valid)
                    logs = self._absorb_added_metrics(logs)
                    if batch_hooks:
                        callback_list.on_train_batch_end(step, logs)
                        self._take_outside_changes()
                    if self.stop_training:
                        break
                epoch_logs = self._python_logs(logs)
                self._sync_variables()
                if validation_data is not None and _due(epoch, validation_freq):
                    val_logs = self._evaluate_with_state(
                        validation_data,
                        validation_batch_size or batch_size,
                        validation_steps,
                        callback_list,
                    )
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callback_list.on_epoch_end(epoch, epoch_logs)
                self._take_outside_changes()
                if self.stop_training:
                    break
        finally:
            self._sync_variables()
            self._state = None
            if epochs > 0 and getattr(self.optimizer, "built", False):
                # Keras 3: with use_ema=True, fit ends with the moving averages as weights.
                finalize = getattr(self.optimizer, "finalize_variable_values", None)
                if finalize is not None:
                    finalize(self.trainable_variables)
        callback_list.on_train_end(epoch_logs)
        return self.history

    def _reset_metric_state(self):
        if self._state is not None:
            fresh = [v for m in self._state_metrics() for v in m.stateless_reset_state()]
            self._state = self._state._replace(metrics=fresh)
        self._reset_added_metrics()

    # -------------------------------------------------------------- evaluate
    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
    ):
        """Loss and metrics over the data (needs ``compile``)."""
        self._assert_compiled("evaluate")
        verbose = _resolve_verbose(verbose)
        adapter = get_adapter(
            x, y, sample_weight, batch_size=batch_size, steps=_capped_steps(steps), role="evaluate"
        )
        callback_list = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=1,
            steps=adapter.num_batches,
        )
        self._prepare(adapter.peek(), for_training=False)
        state = TrainState(*[[v.value for v in group] for group in self._layout.fields])
        logs = self._run_test_loop(adapter, state, callback_list)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _evaluate_with_state(self, validation_data, batch_size, steps_count, callback_list):
        if is_array_data(validation_data) or isinstance(validation_data, (tuple, list)):
            x, y, sample_weight = unpack_validation_data(validation_data)
        else:
            x, y, sample_weight = validation_data, None, None
        adapter = get_adapter(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps=_capped_steps(steps_count),
            role="validation",
        )
        state = self._state
        return self._run_test_loop(adapter, state, callback_list)

    def _run_test_loop(self, adapter, state, callback_list):
        test_fn = self._execution_function("test")
        fresh = [v for m in self._state_metrics() for v in m.stateless_reset_state()]
        state = state._replace(metrics=fresh)
        self._reset_added_metrics()
        batch_hooks = callback_list.has_batch_hooks("test")
        callback_list.on_test_begin()
        state = self._with_outside_weights(state)
        logs = {}
        for step, data, valid, stacked in self._grouped(adapter.batches()):
            if batch_hooks:
                callback_list.on_test_batch_begin(step)
            fn = self._multi_step_function("test") if stacked else test_fn
            logs, state = fn(state, data, valid)
            logs = self._absorb_added_metrics(logs)
            if batch_hooks:
                callback_list.on_test_batch_end(step, logs)
        logs = self._python_logs(logs)
        callback_list.on_test_end(logs)
        self._take_outside_changes()  # e.g. SwapEMAWeights swapping back during fit
        return logs

    # --------------------------------------------------------------- predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Outputs for ``x``, batch by batch, as numpy arrays (no ``compile`` needed)."""
        verbose = _resolve_verbose(verbose)
        adapter = get_adapter(x, batch_size=batch_size, steps=_capped_steps(steps), role="predict")
        first = adapter.peek()
        if not self.built:
            self(first.x, training=False)
        layout = self._ensure_layout()
        predict_fn = self._execution_function("predict")
        state = TrainState(
            [v.value for v in layout.fields.trainable],
            [v.value for v in layout.fields.non_trainable],
            [],
            [],
        )
        callback_list = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=1,
            steps=adapter.num_batches,
        )
        batch_hooks = callback_list.has_batch_hooks("predict")
        callback_list.on_predict_begin()
        state = self._with_outside_weights(state)
        pieces = []
        for step, batch in enumerate(adapter.batches()):
            if batch_hooks:
                callback_list.on_predict_batch_begin(step)
            outputs = predict_fn(state, (batch.x, None, None), batch.valid)
            pieces.append(tree.map_structure(lambda a, n=batch.size: np.asarray(a)[:n], outputs))
            if batch_hooks:
                callback_list.on_predict_batch_end(step, {"outputs": outputs})
        callback_list.on_predict_end()
        return tree.map_structure(lambda *parts: np.concatenate(parts), *pieces)

    # ------------------------------------------------------------- on_batch
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """Run one training step on one batch; returns the loss (and metrics)."""
        self._assert_compiled("train_on_batch")
        batch = _single_batch(x, y, sample_weight, class_weight)
        self._prepare(batch, for_training=True)
        state = self._layout.collect()
        logs, state = self._execution_function("train")(state, _data(batch), batch.valid)
        self._layout.write_back(state)
        logs = self._absorb_added_metrics(logs)
        return _format_logs(self._python_logs(logs), return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Evaluate one batch (metrics accumulate until ``reset_metrics``)."""
        self._assert_compiled("test_on_batch")
        batch = _single_batch(x, y, sample_weight)
        self._prepare(batch, for_training=False)
        state = TrainState(*[[v.value for v in group] for group in self._layout.fields])
        logs, state = self._execution_function("test")(state, _data(batch), batch.valid)
        logs = self._absorb_added_metrics(logs)
        for variable, value in zip(self._layout.fields.metrics, state.metrics):
            variable.assign(value)
        return _format_logs(self._python_logs(logs), return_dict)

    def predict_on_batch(self, x):
        """Model outputs for one batch, as numpy arrays."""
        return self.predict(x, batch_size=_batch_len(x), verbose=0)


def _data(batch):
    return (batch.x, batch.y, batch.sample_weight)


def _single_batch(x, y, sample_weight, class_weight=None):
    adapter = ArrayAdapter(x, y, sample_weight, batch_size=_batch_len(x), class_weight=class_weight)
    return adapter.peek()


def _batch_len(x):
    leaves = [leaf for leaf in tree.flatten(x) if leaf is not None]
    if not leaves:
        raise ValueError("No input data given (x is empty).")
    if isinstance(leaves[0], KerasTensor):
        raise TypeError("Pass arrays, not symbolic tensors, to *_on_batch / predict.")
    return len(leaves[0])


def _format_logs(logs, return_dict):
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _capped(what, value, cap):
    """``value`` limited by a ``lamina.config.set_max_*`` cap (with a warning, as Keras)."""
    if cap is not None and (value is None or cap < value):
        warnings.warn(f"Limiting {what} to {cap} (lamina.config cap).", stacklevel=3)
        return cap
    return value


def _capped_steps(steps):
    return _capped("steps_per_epoch", steps, config.max_steps_per_epoch())


def _resolve_verbose(verbose):
    return 1 if verbose == "auto" else int(verbose)


def _due(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _stack(*arrays):
    return None if arrays[0] is None else np.stack(arrays)


def _python_value(value):
    """A Python float for scalar logs; a numpy array for vector metrics (per-class F1...)."""
    array = np.asarray(value)
    return float(array) if array.ndim == 0 else array
