"""Which variables a model saves, under which paths, in Keras 3's order.

Keras 3 walks a model like this (``keras/src/saving/saving_lib.py``), and lamina
follows it so ``.weights.h5`` files move between the two:

- every saved object (a layer, the optimizer) gets a path; its own variables are stored
  as ``<path>/vars/0``, ``<path>/vars/1``, ... (a layer's own trainable variables, then
  its own non-trainable ones; the optimizer's ``variables``); the model itself is the
  empty path, so its own variables are ``vars/0``...;
- a functional or Sequential model first visits ``layers`` (the list ``model.layers``);
- then the object's attributes in ``dir()`` order, public names before private ones,
  skipping the framework's own attributes; an attribute holding a layer or optimizer
  adds its name to the path; a list, tuple or dict adds the attribute name, then each
  element the snake_case of its class name, made unique (``dense``, ``dense_1``), and
  nested containers ``container``, ``container_1``;
- an object reached twice is saved once, at the first path.

lamina's native files add what Keras does not save but an exact resume needs: the
states of each layer's seed generators (``<path>/__seeds__/i``) and the compiled
metrics' variables (``__metrics__/<i>/vars/j``, in ``model.metrics`` order).

>>> import lamina
>>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
>>> [(path, len(variables)) for path, _, variables in keras_groups(model)]
[('', 0), ('layers/dense', 2), ('_layers/input_layer', 0)]
"""

import re
import warnings

import numpy as np

from lamina.layers.layer import Layer
from lamina.metrics.metric import Metric
from lamina.optimizers.optimizer import Optimizer
from lamina.saving.errors import WeightsMismatchError

VARS = "vars"
SEEDS = "__seeds__"
METRICS = "__metrics__"

# Framework attributes that Keras's walk skips (they are in a bare Layer's dir()) or that
# lamina keeps for its own bookkeeping; ``layers`` and ``optimizer`` are walked, as in Keras.
_FRAMEWORK_ATTRIBUTES = frozenset({
    "_inbound_nodes", "_function", "_inputs_structure", "_outputs_structure", "_state",
    "_layout", "_layout_key", "_functions", "_compile_loss", "_compile_metrics",
    "_loss_tracker", "_output_loss_trackers", "history", "_build_shapes", "_losses",
    "_trainable_variables", "_non_trainable_variables", "input_spec", "activity_regularizer",
    "_parent_model_ref", "_compile_config", "_lamina_pending_metric_state",
})
_RENAMED = {"_stack": "_layers"}  # lamina's Sequential list is Keras's ``_layers``
_framework_names = None


def keras_snake_case(name: str) -> str:
    """Keras's ``to_snake_case`` (used for container paths): ``"Conv2D"`` -> ``"conv2d"``.

    >>> keras_snake_case("BatchNormalization"), keras_snake_case("Conv1DTranspose")
    ('batch_normalization', 'conv1d_transpose')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _skipped_names() -> frozenset:
    global _framework_names
    if _framework_names is None:
        from lamina.models.model import Model
        from lamina.models.sequential import Sequential

        names = set(dir(Layer)) | set(dir(Model)) | set(dir(Sequential))
        _framework_names = frozenset((names | _FRAMEWORK_ATTRIBUTES) - {"layers", "optimizer"})
    return _framework_names


def _is_saveable(value) -> bool:
    return isinstance(value, (Layer, Optimizer))


def _is_container(value) -> bool:
    return isinstance(value, (list, tuple, dict))


def _name_key(name: str) -> str:
    return f"~{name}" if name.startswith("_") else name


def _children(obj):
    """``(attribute name, value)`` pairs Keras would visit, in its order."""
    if isinstance(obj, Optimizer):
        inner = getattr(obj, "inner_optimizer", None)  # LossScaleOptimizer, as Keras
        if isinstance(inner, Optimizer):
            yield "inner_optimizer", inner
        return
    from lamina.models.sequential import Sequential

    if getattr(obj, "_function", None) is not None or isinstance(obj, Sequential):
        yield "layers", obj.layers
    skipped = _skipped_names()
    names = set(dir(obj)) | set(vars(obj))
    for name in sorted(names, key=_name_key):
        if name.startswith("__") or (name in skipped and name not in _RENAMED):
            continue
        try:
            value = getattr(obj, name)
        except Exception:  # a property that cannot be read now holds nothing to save
            continue
        if _is_saveable(value) or _is_container(value):
            yield _RENAMED.get(name, name), value


def _join(path, name):
    return f"{path}/{name}" if path else name


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def _walk(obj, path, visited, out):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    out.append((path, obj))
    for name, child in _children(obj):
        if _is_saveable(child):
            _walk(child, _join(path, name), visited, out)
        else:
            _walk_container(child, _join(path, name), visited, out, set())


def _walk_container(container, path, visited, out, seen_containers):
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    items = container.values() if isinstance(container, dict) else container
    used = {}
    for item in items:
        if _is_saveable(item):
            name = _unique(keras_snake_case(type(item).__name__), used)
            _walk(item, _join(path, name), visited, out)
        elif _is_container(item):
            name = _unique("container", used)
            _walk_container(item, _join(path, name), visited, out, seen_containers)


def saveables(model) -> list:
    """``[(path, layer or optimizer)]`` in Keras's visiting order (the model first)."""
    out = []
    _walk(model, "", set(), out)
    return out


def own_variables(obj) -> list:
    """The variables Keras stores for ``obj`` under ``<path>/vars``."""
    if isinstance(obj, Optimizer):
        return list(obj.variables)
    return list(obj._own_weights())


def keras_groups(model, include_optimizer=True) -> list:
    """``[(path, name, [Variable])]``: what a Keras ``.weights.h5`` file holds."""
    groups = []
    for path, obj in saveables(model):
        if isinstance(obj, Optimizer) and not include_optimizer:
            continue
        groups.append((path, getattr(obj, "name", None), own_variables(obj)))
    return groups


def flat_state(model, include_optimizer=True) -> tuple:
    """``({key: numpy array}, {path: name})`` of everything a native file stores."""
    tensors, names = {}, {}
    for path, obj in saveables(model):
        if isinstance(obj, Optimizer) and not include_optimizer:
            continue
        names[path] = str(getattr(obj, "name", ""))
        for index, variable in enumerate(own_variables(obj)):
            tensors[_join(path, f"{VARS}/{index}")] = np.asarray(variable.value)
        if isinstance(obj, Layer):
            for index, state in enumerate(obj._own_seed_states()):
                tensors[_join(path, f"{SEEDS}/{index}")] = np.asarray(state.value)
    for index, metric in enumerate(getattr(model, "metrics", None) or []):
        path = f"{METRICS}/{index}"
        names[path] = _metric_label(metric)
        for j, variable in enumerate(metric.variables):
            tensors[f"{path}/{VARS}/{j}"] = np.asarray(variable.value)
    return tensors, names


def _metric_label(metric) -> str:
    return f"{type(metric).__name__}:{metric.name}"


def store_from_flat(tensors: dict) -> dict:
    """``{(path, kind): {index: array}}`` from native keys (``<path>/<kind>/<index>``)."""
    store = {}
    for key, value in tensors.items():
        parts = key.split("/")
        if len(parts) < 2 or not parts[-1].isdigit():
            raise WeightsMismatchError(
                f"Weights entry {key!r} is not of the form '<path>/vars/<index>'."
            )
        kind, path = parts[-2], "/".join(parts[:-2])
        store.setdefault((path, kind), {})[parts[-1]] = value
    return store


def store_from_h5(groups: dict) -> dict:
    """``{(path, "vars"): {index: array}}`` from :func:`lamina.saving.h5_io.read_h5` output."""
    return {(path, VARS): arrays for path, (_, arrays) in groups.items()}


# ------------------------------------------------------------------------------ restoring
def _describe(obj, path):
    kind = "Optimizer" if isinstance(obj, Optimizer) else "Layer"
    where = f" (path {path!r})" if path else " (the model itself)"
    return f"{kind} '{getattr(obj, 'name', '?')}'{where}"


def _plan_group(obj, path, variables, stored, what):
    """``[(variable, array)]`` for one object, or raise naming it and both shapes."""
    stored = stored or {}
    if len(stored) != len(variables) or set(stored) != {str(i) for i in range(len(variables))}:
        raise WeightsMismatchError(
            f"{_describe(obj, path)} expected {len(variables)} {what} "
            f"{[getattr(v, 'path', v.name) for v in variables]}, but the file holds "
            f"{len(stored)} ({sorted(stored, key=lambda k: (len(k), k))}). The file was saved "
            "from a model with different layers; pass skip_mismatch=True to load the rest."
        )
    plan = []
    for index, variable in enumerate(variables):
        value = stored[str(index)]
        if tuple(value.shape) != tuple(variable.shape):
            raise WeightsMismatchError(
                f"{_describe(obj, path)}: {what[:-1]} {index} ({variable.path}) has shape "
                f"{tuple(variable.shape)} in the model but {tuple(value.shape)} in the file. "
                "Build the model with the saved configuration, or pass skip_mismatch=True to "
                "skip this layer."
            )
        plan.append((variable, value))
    return plan


def restore(model, store: dict, skip_mismatch=False, include_optimizer=True) -> list:
    """Assign stored arrays to ``model``'s variables (all checked before any is assigned).

    Returns the list of skipped objects' descriptions (only with ``skip_mismatch``).
    An unbuilt optimizer is built first when the file holds a built optimizer's
    variables; a count mismatch on it warns and skips it, as Keras does.
    """
    plan, skipped = [], []
    walked = saveables(model)
    for path, obj in walked:
        if (include_optimizer and isinstance(obj, Optimizer) and not obj.built
                and (path, VARS) in store and len(store[(path, VARS)]) != len(obj.variables)):
            obj.build(model.trainable_variables)  # the file holds a built optimizer's slots
    for path, obj in walked:
        if isinstance(obj, Optimizer):
            if not include_optimizer or (path, VARS) not in store:
                continue
            try:
                plan += _plan_group(obj, path, obj.variables, store.get((path, VARS)),
                                    "variables")
            except WeightsMismatchError as error:
                warnings.warn(f"Skipping the optimizer's variables: {error}", stacklevel=3)
            continue
        try:
            group = _plan_group(obj, path, own_variables(obj), store.get((path, VARS)),
                                "variables")
            seeds = obj._own_seed_states()
            if (path, SEEDS) in store:
                group += _plan_group(obj, path, seeds, store[(path, SEEDS)], "seed states")
        except WeightsMismatchError as error:
            if not skip_mismatch:
                raise
            skipped.append(_describe(obj, path))
            warnings.warn(f"skip_mismatch=True: not loading {error}", stacklevel=3)
            continue
        plan += group
    for variable, value in plan:
        variable.assign(value)
    _restore_metrics(model, store)
    return skipped


def _restore_metrics(model, store):
    saved = {}
    for (path, kind), arrays in store.items():
        if path.startswith(f"{METRICS}/") and kind == VARS:
            saved[int(path.split("/")[1])] = arrays
    if not saved:
        return
    model._lamina_pending_metric_state = saved
    apply_pending_metric_state(model)


def apply_pending_metric_state(model) -> None:
    """Assign metric state read from a file to ``model.metrics`` once they exist.

    Compiled metrics are created lazily (on the first ``fit``/``evaluate`` batch); the
    trainer calls this after creating them, so a loaded model resumes its metric state.
    Metrics whose count or shapes differ are left as they are.
    """
    pending = getattr(model, "_lamina_pending_metric_state", None)
    if not pending:
        return
    metrics = [m for m in (getattr(model, "metrics", None) or []) if isinstance(m, Metric)]
    for index in sorted(pending):
        if index >= len(metrics):
            continue
        arrays = pending[index]
        variables = metrics[index].variables
        if len(arrays) == len(variables) and all(
            tuple(arrays[str(j)].shape) == tuple(v.shape) for j, v in enumerate(variables)
        ):
            for j, variable in enumerate(variables):
                variable.assign(arrays[str(j)])
            del pending[index]
