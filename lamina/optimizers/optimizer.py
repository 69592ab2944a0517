"""``Optimizer``: the Keras 3 optimizer surface over an optax transformation.

An optimizer is a thin named shell: its state lives in
:class:`~lamina.core.variable.Variable`\\ s (so it can be saved, restored and changed by
callbacks), and its maths is one optax ``GradientTransformation`` built by
``_transform()``. Every update goes through one pure function,
:meth:`Optimizer.stateless_apply`, which the trainer calls inside its jitted step; the
stateful :meth:`Optimizer.apply` reads the Variables, calls it, and writes back.

The order of one step (Keras 3's) is documented in
:mod:`lamina.optimizers.apply_step`.

>>> import jax.numpy as jnp
>>> from lamina.optimizers.sgd import SGD
>>> w = Variable(jnp.array([1.0, 2.0]), name="w")
>>> opt = SGD(learning_rate=0.5)
>>> opt.apply([jnp.array([1.0, 1.0])], [w])
>>> w.numpy().tolist(), int(opt.iterations.value)
([0.5, 1.5], 1)
"""

import inspect
import re
import warnings

import jax.numpy as jnp
import optax

from lamina import config
from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.core.variable import Variable
from lamina.optimizers import apply_step
from lamina.optimizers.clipping import make_clipping
from lamina.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from lamina.utils import naming


def _takes_step(fn) -> bool:
    """Whether a learning-rate callable takes the iteration count (else it takes nothing)."""
    if isinstance(fn, LearningRateSchedule):
        return True
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
               for p in parameters)


def _initial_value(initializer, shape, dtype):
    if isinstance(initializer, str) and initializer in ("zeros", "ones"):
        fill = 0 if initializer == "zeros" else 1
        return jnp.full(shape, fill, dtype)
    if isinstance(initializer, (int, float)):
        return jnp.full(shape, initializer, dtype)
    if isinstance(initializer, (str, dict)):
        from lamina import initializers  # rung 4, only for rare named initializers

        initializer = initializers.get(initializer)
    return initializer(tuple(shape), dtype)


@register_builtin
class Optimizer:
    """Base class of all optimizers (Keras 3 arguments and state).

    Args:
        learning_rate: a float (kept in a non-trainable Variable, so callbacks can
            change it between steps without recompiling), a
            :class:`~lamina.optimizers.schedules.LearningRateSchedule` or a callable
            of the iteration count, or a callable taking no argument.
        weight_decay: decoupled weight decay factor (``var -= var * wd * lr``).
        clipnorm / clipvalue / global_clipnorm: gradient clipping (at most one).
        use_ema, ema_momentum, ema_overwrite_frequency: keep an exponential moving
            average of the weights (see :meth:`finalize_variable_values`).
        loss_scale_factor: gradients are divided by it (see :meth:`scale_loss`).
        gradient_accumulation_steps: update every N steps with the mean gradient.
        name: the prefix of the optimizer's variable paths.

    Subclasses implement ``_transform()`` (the core optax transformation) and
    ``_build_state(var_list)`` (its slot Variables, stored in ``self._state_variables``).
    A Keras-style subclass that overrides ``build`` and
    ``update_step(gradient, variable, learning_rate)`` also works.
    """

    def __init__(self, learning_rate=0.001, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.",
                          stacklevel=2)
        if kwargs:
            raise ValueError(
                f"{type(self).__name__}: argument(s) not recognized: {sorted(kwargs)}. "
                "Schedules replace `decay`; see lamina.optimizers.schedules."
            )
        self.name = name or naming.auto_name(self)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self._check_arguments()
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._trainable_variables_indices = {}
        self._state_variables = {}
        self._model_variables_moving_average = []
        self._accumulated_gradients = []
        self._exclude_ids = set()
        self._exclude_pattern = None
        self._iterations = self._make_variable(jnp.zeros((), "int32"), "iteration")
        self._learning_rate = self._make_learning_rate(learning_rate)

    def _check_arguments(self):
        owner = type(self).__name__
        steps = self.gradient_accumulation_steps
        if steps and (not isinstance(steps, int) or steps < 2):
            raise ValueError(
                f"{owner}: `gradient_accumulation_steps` must be an integer >= 2. "
                f"Received: gradient_accumulation_steps={steps}"
            )
        if self.use_ema:
            if not 0 <= self.ema_momentum <= 1:
                raise ValueError(f"{owner}: `ema_momentum` must be in the range [0, 1]. "
                                 f"Received: ema_momentum={self.ema_momentum}")
            freq = self.ema_overwrite_frequency
            if freq and (not isinstance(freq, int) or freq < 1):
                raise ValueError(
                    f"{owner}: `ema_overwrite_frequency` must be an integer >= 1 or None. "
                    f"Received: ema_overwrite_frequency={freq}"
                )
        clips = {"clipnorm": self.clipnorm, "clipvalue": self.clipvalue,
                 "global_clipnorm": self.global_clipnorm}
        if sum(value is not None for value in clips.values()) > 1:
            raise ValueError(
                f"{owner}: only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                f"set. Received: {', '.join(f'{k}={v}' for k, v in clips.items())}"
            )

    # -- variables -----------------------------------------------------------------
    def _make_variable(self, value, name):
        variable = Variable(value, trainable=False, name=name, aggregation="only_first_replica")
        variable.path = f"{self.name}/{name}"
        self._variables.append(variable)
        return variable

    _allow_no_learning_rate = False

    def _make_learning_rate(self, learning_rate):
        if learning_rate is None and self._allow_no_learning_rate:
            return None
        if isinstance(learning_rate, Variable):
            learning_rate = float(learning_rate.numpy())
        if callable(learning_rate):
            return learning_rate
        if isinstance(learning_rate, bool) or not _is_scalar_number(learning_rate):
            raise ValueError(
                f"{type(self).__name__}: argument `learning_rate` should be a float, a "
                "LearningRateSchedule, or a callable (of the iteration count, or of "
                f"nothing). Received: learning_rate={learning_rate!r}"
            )
        value = jnp.asarray(float(learning_rate), config.floatx())
        return self._make_variable(value, "learning_rate")

    @property
    def variables(self):
        """The optimizer's Variables, in Keras 3 order (iteration, learning_rate, slots)."""
        return self._variables[:]

    @property
    def iterations(self):
        """The update count (the Variable; divided by the accumulation steps if any)."""
        if self.gradient_accumulation_steps:
            return self._iterations.value // self.gradient_accumulation_steps
        return self._iterations

    def _var_key(self, variable):
        return id(variable)

    def _get_variable_index(self, variable):
        return self._trainable_variables_indices[self._var_key(variable)]

    def _overwrite_variable_with_gradient(self, variable):
        return bool(getattr(variable, "overwrite_with_gradient", False))

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     layout=None, name=None):
        """Create a non-trainable Variable tracked in :attr:`variables`."""
        dtype = standardize_dtype(dtype)
        variable = self._make_variable(_initial_value(initializer, shape, dtype),
                                       name or "variable")
        variable.aggregation = aggregation
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like ``reference_variable``, named ``"{ref path}_{name}"``."""
        name = name or "var"
        reference = getattr(reference_variable, "path", None) or str(reference_variable.name)
        name = f"{reference.replace('/', '_').replace(':', '_')}_{name}"
        return self.add_variable(reference_variable.shape, initializer,
                                 dtype=reference_variable.dtype, name=name)

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per trainable variable and name (interleaved, as Keras creates them).

        Returns a list for one ``name``, a tuple of lists for a list of names; variables
        flagged ``overwrite_with_gradient`` get ``None``.
        """
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(
            names)
        if len(names) != len(inits):
            raise ValueError(
                f"{type(self).__name__}.add_optimizer_variables: the number of names "
                f"({len(names)}) must match the number of initializers ({len(inits)})."
            )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for slot, slot_name, init in zip(slots, names, inits):
                if self._overwrite_variable_with_gradient(variable):
                    slot.append(None)
                else:
                    slot.append(self.add_variable_from_reference(variable, slot_name, init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        """Create the slot Variables for ``var_list`` (a no-op once built)."""
        if self.built:
            return
        var_list = list(var_list)
        for variable in var_list:
            if not isinstance(variable, Variable):
                raise ValueError(
                    f"{type(self).__name__}.build: expected lamina Variables (e.g. "
                    f"model.trainable_variables), received {type(variable).__name__}."
                )
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                var_list, "average")
        if self.gradient_accumulation_steps:
            if any(self._overwrite_variable_with_gradient(v) for v in var_list):
                raise ValueError(
                    f"{type(self).__name__}: gradient_accumulation_steps is not supported "
                    "yet with variables flagged overwrite_with_gradient."
                )
            self._accumulated_gradients = self.add_optimizer_variables(
                var_list, "gradient_accumulator")
        self._trainable_variables_indices = {self._var_key(v): i for i, v in enumerate(var_list)}
        self._trainable_variables = var_list[:]
        self._build_state(var_list)
        self.built = True

    def _build_state(self, var_list):
        """Create the slots of the core transformation into ``self._state_variables``."""

    # -- learning rate ---------------------------------------------------------------
    @property
    def learning_rate(self):
        """The learning rate Variable, or the schedule's value at the current iteration."""
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate
        if callable(learning_rate):
            self._learning_rate = learning_rate
            if isinstance(previous, Variable):
                self._variables.remove(previous)
            return
        if previous is None:
            raise TypeError(
                f"{type(self).__name__} {self.name!r} has no learning rate of its own (its "
                "transformation scales the updates). Pass `learning_rate=` at creation, "
                "with a transformation that does not scale by a learning rate."
            )
        if not isinstance(previous, Variable):
            raise TypeError(
                f"{type(self).__name__} {self.name!r} was created with a learning-rate "
                "schedule or callable, so its learning rate cannot be set to a number. "
                "Create the optimizer with a float `learning_rate` to make it settable."
            )
        previous.assign(learning_rate)

    def _get_current_learning_rate(self):
        lr = self._learning_rate
        if lr is None or isinstance(lr, Variable):
            return lr
        return convert_to_tensor(lr(self._iterations.value) if _takes_step(lr) else lr())

    def _learning_rate_value(self, values, iterations):
        lr = self._learning_rate
        if lr is None:
            return None
        if isinstance(lr, Variable):
            return values[id(lr)]
        return convert_to_tensor(lr(iterations) if _takes_step(lr) else lr())

    # -- weight decay -----------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exclude Variables, or Variables whose name contains one of ``var_names``.

        Must be called before the optimizer is built.
        """
        if self.built:
            raise ValueError(
                f"{type(self).__name__}.exclude_from_weight_decay() can only be called "
                "before the optimizer is built (before the first apply or fit step)."
            )
        self._exclude_ids = {self._var_key(v) for v in var_list or ()}
        self._exclude_pattern = re.compile("|".join(set(var_names))) if var_names else None

    def _use_weight_decay(self, variable):
        if self._var_key(variable) in self._exclude_ids:
            return False
        pattern = self._exclude_pattern
        return pattern is None or pattern.search(variable.name) is None

    # -- the update ---------------------------------------------------------------------
    def _transform(self):
        """The core optax transformation (extra args ``learning_rate``, ``iterations``)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `_transform()` (an optax transformation) "
            "or Keras-style `update_step(gradient, variable, learning_rate)`."
        )

    @property
    def transformation(self):
        """``optax.chain(clipping, core)``: this optimizer's maths as one optax object.

        Its ``update`` takes the extra keyword arguments ``learning_rate`` and
        ``iterations`` (the count before this update); it returns the deltas to add to
        the parameters. Weight decay, accumulation and EMA happen outside it.
        """
        return optax.chain(self._clipping(), self._transform())

    def _clipping(self):
        return make_clipping(self.clipnorm, self.clipvalue, self.global_clipnorm)

    def update_step(self, gradient, variable, learning_rate):
        """Keras-style per-variable update for custom subclasses (unused by built-ins)."""
        raise NotImplementedError

    def assign(self, variable, value):
        """``variable.assign(value)`` (for Keras-style ``update_step`` code)."""
        variable.assign(value)

    def assign_add(self, variable, value):
        """``variable.assign_add(value)`` (for Keras-style ``update_step`` code)."""
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        """``variable.assign_sub(value)`` (for Keras-style ``update_step`` code)."""
        variable.assign_sub(value)

    def _uses_update_step(self):
        return type(self).update_step is not Optimizer.update_step

    def _state_tree(self, values, active):
        """The core transformation's state for the ``active`` trainable variables."""
        tree = {}
        for key, entry in self._state_variables.items():
            if isinstance(entry, list):
                tree[key] = [None if entry[i] is None else values[id(entry[i])] for i in active]
            else:
                tree[key] = values[id(entry)]
        return tree

    def _state_updates(self, new_state, active):
        """``{id(variable): new value}`` from a new core state (inverse of _state_tree)."""
        updates = {}
        for key, entry in self._state_variables.items():
            if isinstance(entry, list):
                for i, value in zip(active, new_state[key]):
                    if entry[i] is not None:
                        updates[id(entry[i])] = value
            else:
                updates[id(entry)] = new_state[key]
        return updates

    def _check_stateless_arguments(self, optimizer_variables, grads, trainable_variables):
        """Raise unless ``stateless_apply`` got one value per variable (and is built)."""
        owner = type(self).__name__
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, {owner} must be built (its variables created). "
                "Call `optimizer.build(trainable_variables)` first."
            )
        expected = len(self.variables)
        if len(optimizer_variables) != expected:
            raise ValueError(
                f"{owner}.stateless_apply: `optimizer_variables` must hold one value per "
                f"entry of optimizer.variables ({expected}); received "
                f"{len(optimizer_variables)}."
            )
        for name, given in (("trainable_variables", trainable_variables), ("grads", grads)):
            if len(given) != len(self._trainable_variables):
                raise ValueError(
                    f"{owner}.stateless_apply: `{name}` must hold one entry per variable the "
                    f"optimizer was built with ({len(self._trainable_variables)}); received "
                    f"{len(given)}."
                )

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        """One pure update: ``(new_trainable_values, new_optimizer_values)``.

        ``optimizer_variables`` are the values of :attr:`variables` (same order),
        ``grads`` and ``trainable_variables`` the gradients and values of the variables
        given to :meth:`build`. Nothing is written to any Variable, so this runs inside
        ``jax.jit``.
        """
        self._check_stateless_arguments(optimizer_variables, grads, trainable_variables)
        values = {id(v): convert_to_tensor(x, dtype=v.dtype)
                  for v, x in zip(self._variables, optimizer_variables)}
        params = [convert_to_tensor(p, dtype=v.dtype)
                  for v, p in zip(self._trainable_variables, trainable_variables)]
        new_params, new_values = apply_step.apply_values(self, values, list(grads), params)
        return new_params, [new_values[id(v)] for v in self._variables]

    def apply(self, grads, trainable_variables=None):
        """Update Variables from gradients (builds the optimizer on first use)."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first."
                )
            if len(grads) != len(self._trainable_variables):
                raise ValueError(
                    f"{type(self).__name__}.apply: received {len(grads)} gradients, but the "
                    f"optimizer tracks {len(self._trainable_variables)} trainable variables."
                )
            full = grads
        else:
            trainable_variables = list(trainable_variables)
            if len(grads) != len(trainable_variables):
                raise ValueError(
                    f"{type(self).__name__}.apply: received {len(grads)} gradients for "
                    f"{len(trainable_variables)} variables; pass one gradient per variable."
                )
            self.build(trainable_variables)
            full = [None] * len(self._trainable_variables)
            for grad, variable in zip(grads, trainable_variables):
                index = self._trainable_variables_indices.get(self._var_key(variable))
                if index is None:
                    raise ValueError(
                        f"Unknown variable: {variable}. This optimizer can only be called for "
                        "the variables it was originally built with. When working with a new "
                        "set of variables, you should recreate a new optimizer instance."
                    )
                full[index] = grad
        optimizer_variables = self.variables  # a wrapper's include its inner optimizer's
        new_params, new_values = self.stateless_apply(
            [v.value for v in optimizer_variables], full,
            [v.value for v in self._trainable_variables])
        for variable, value in zip(self._trainable_variables, new_params):
            variable.assign(value)
        for variable, value in zip(optimizer_variables, new_values):
            variable.assign(value)

    def apply_gradients(self, grads_and_vars):
        """``apply`` from ``(gradient, variable)`` pairs; returns ``iterations``."""
        grads, variables = zip(*grads_and_vars)
        self.apply(grads, variables)
        return self._iterations

    # -- EMA, loss scale, weights ---------------------------------------------------------
    def finalize_variable_values(self, var_list):
        """With ``use_ema``, overwrite ``var_list`` with the moving averages."""
        if not self.use_ema:
            return
        if len(var_list) != len(self._model_variables_moving_average):
            raise ValueError(
                f"{type(self).__name__}.finalize_variable_values: received "
                f"{len(var_list)} variables, but the optimizer holds averages for "
                f"{len(self._model_variables_moving_average)}."
            )
        for variable, average in zip(var_list, self._model_variables_moving_average):
            if average is not None:
                variable.assign(average.value)

    def scale_loss(self, loss):
        """Multiply the loss by ``loss_scale_factor`` (if set) before differentiating."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def set_weights(self, weights):
        """Assign values to :attr:`variables` (in order); the optimizer must be built."""
        if not self.built:
            raise ValueError(
                f"{type(self).__name__}.set_weights: the optimizer is not built. Call "
                "`optimizer.build(trainable_variables)` first."
            )
        for variable, weight in zip(self.variables, weights):
            if tuple(variable.shape) != tuple(jnp.shape(weight)):
                raise ValueError(
                    f"Optimizer variable {variable.path!r} has shape {variable.shape}, not "
                    f"compatible with the provided weight shape {tuple(jnp.shape(weight))}."
                )
            variable.assign(weight)

    def save_own_variables(self, store):
        """Write the variables into ``store`` under keys ``"0"``, ``"1"``, ..."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Read the variables written by :meth:`save_own_variables`."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}', because it has "
                f"{len(variables)} variables whereas the saved optimizer has "
                f"{len(store.keys())} variables. Build the optimizer (one apply or "
                "optimizer.build(model.trainable_variables)) before loading.", stacklevel=2)
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    # -- config -------------------------------------------------------------------------
    def get_config(self):
        """The Keras 3 config dict (hyper-parameters, no state)."""
        lr = self._learning_rate
        if isinstance(lr, Variable):
            lr = float(lr.numpy())
        else:
            lr = serialize_keras_object(lr)
        return {
            "name": self.name,
            "learning_rate": lr,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild an optimizer (without state) from :meth:`get_config` output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), (dict, str)):
            config["learning_rate"] = deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects,
                kind="learning rate schedule")
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _is_scalar_number(value) -> bool:
    try:
        return jnp.ndim(value) == 0 and jnp.issubdtype(jnp.result_type(value), jnp.number)
    except TypeError:
        return False
