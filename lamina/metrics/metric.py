"""``Metric``: state in non-trainable Variables, ``update_state`` / ``result`` / ``reset_state``.

Every metric also has pure forms for use inside ``jax.jit``:
``stateless_update_state(metric_variables, ...) -> new_metric_variables``,
``stateless_result(metric_variables)`` and ``stateless_reset_state()``. They run the
stateful methods under a :class:`~lamina.core.scopes.StatelessScope` that binds each
variable to the given value, so subclasses only write the stateful code.

>>> import jax.numpy as jnp
>>> class Total(Metric):
...     def __init__(self, name="total", dtype=None):
...         super().__init__(name=name, dtype=dtype)
...         self.total = self.add_variable((), "zeros", name="total")
...     def update_state(self, values):
...         self.total.assign_add(jnp.sum(jnp.asarray(values)))
...     def result(self):
...         return self.total.value
>>> m = Total()
>>> float(m([1.0, 2.0])), float(m([3.0]))
(3.0, 6.0)
>>> state = m.stateless_update_state(m.stateless_reset_state(), [5.0])
>>> float(m.stateless_result(state)), float(m.result())
(5.0, 6.0)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.scopes import StatelessScope
from lamina.core.variable import Variable
from lamina.losses.loss import resolve_dtype
from lamina.utils import naming


def _zeros(shape, dtype):
    return jnp.zeros(shape, dtype)


def _ones(shape, dtype):
    return jnp.ones(shape, dtype)


_INITIALIZERS = {"zeros": _zeros, "ones": _ones}


def _get_initializer(initializer, owner):
    if isinstance(initializer, str):
        key = initializer.lower()
        if key not in _INITIALIZERS:
            raise ValueError(
                f"{owner}.add_variable: unknown initializer {initializer!r}; metrics accept "
                f"{sorted(_INITIALIZERS)}, a callable (shape, dtype) or an initial value."
            )
        return _INITIALIZERS[key]
    if initializer is None:
        return _zeros
    return initializer


@register_builtin
class Metric:
    """Base class of metrics.

    Args:
        dtype: the dtype of the state and result (default ``config.floatx()``).
        name: the metric name (default: snake_case of the class name, made unique).

    Subclasses create their state with :meth:`add_variable` in ``__init__`` and
    implement ``update_state(...)`` and ``result()``; ``reset_state()`` sets every
    variable to zeros unless overridden. Sub-metrics assigned as attributes are
    tracked: their variables follow this metric's own in :attr:`variables`.
    """

    def __init__(self, dtype=None, name=None):
        object.__setattr__(self, "_variables", [])
        object.__setattr__(self, "_metrics", [])
        self.name = name or naming.auto_name(self)
        self._dtype = resolve_dtype(dtype)

    # -- tracking ----------------------------------------------------------------------
    def _check_super_called(self):
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                f"{type(self).__name__}: call super().__init__() at the start of "
                "__init__ before creating variables or sub-metrics."
            )

    def __setattr__(self, key, value):
        if isinstance(value, Metric) and value is not self:
            self._check_super_called()
            if not any(m is value for m in self._metrics):
                self._metrics.append(value)
        elif isinstance(value, Variable) and "_variables" in self.__dict__:
            if not any(v is value for v in self._variables):
                self._variables.append(value)
        object.__setattr__(self, key, value)

    def _owner(self) -> str:
        """How error messages name this metric."""
        return f"{type(self).__name__} (name={self.name!r})"

    @property
    def dtype(self) -> str:
        """The dtype of the metric's computations and result."""
        return self._dtype

    @property
    def variables(self) -> list:
        """The metric's state variables (its own in creation order, then sub-metrics')."""
        self._check_super_called()
        out = list(self._variables)
        for metric in self._metrics:
            out.extend(metric.variables)
        return out

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Create a non-trainable state Variable (``initializer``: "zeros", "ones", a
        callable ``(shape, dtype)`` or a value)."""
        self._check_super_called()
        name = name or f"variable_{len(self._variables)}"
        variable = Variable(
            _get_initializer(initializer, type(self).__name__),
            shape=tuple(shape),
            dtype=dtype if dtype is not None else self.dtype,
            trainable=False,
            name=name,
            aggregation=aggregation,
            synchronization="on_read",
        )
        variable.path = f"{self.name}/{name}"
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of :meth:`add_variable` (zeros by default)."""
        return self.add_variable(shape, initializer, dtype=dtype, name=name)

    # -- the stateful API ------------------------------------------------------------
    def update_state(self, *args, **kwargs):
        """Accumulate statistics from one batch. Subclasses must override this."""
        raise NotImplementedError(
            f"{type(self).__name__}.update_state(...) is not implemented."
        )

    def result(self):
        """The metric value from the current state. Subclasses must override this."""
        raise NotImplementedError(f"{type(self).__name__}.result() is not implemented.")

    def reset_state(self):
        """Set every state variable to zeros."""
        for variable in self.variables:
            variable.assign(jnp.zeros(variable.shape, variable.dtype))

    def __call__(self, *args, **kwargs):
        """``update_state(*args, **kwargs)`` then ``result()``."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # -- the pure API ----------------------------------------------------------------
    def _mapping(self, metric_variables, method):
        variables = self.variables
        metric_variables = list(metric_variables)
        if len(metric_variables) != len(variables):
            raise ValueError(
                f"{type(self).__name__}.{method}: metric_variables must hold one value "
                f"per variable of {type(self).__name__}().variables ({len(variables)}), "
                f"received {len(metric_variables)}."
            )
        return list(zip(variables, metric_variables))

    def _read_back(self, scope, mapping):
        values = []
        for variable, given in mapping:
            new = scope.get_current_value(variable)
            values.append(given if new is None else new)
        return values

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """Pure ``update_state``: returns the new list of state arrays."""
        mapping = self._mapping(metric_variables, "stateless_update_state")
        with StatelessScope(mapping) as scope:
            self.update_state(*args, **kwargs)
        return self._read_back(scope, mapping)

    def stateless_result(self, metric_variables):
        """Pure ``result``: the metric value for the given state arrays."""
        mapping = self._mapping(metric_variables, "stateless_result")
        with StatelessScope(mapping):
            return self.result()

    def stateless_reset_state(self):
        """Pure ``reset_state``: the list of initial state arrays."""
        mapping = [(v, v.value) for v in self.variables]
        with StatelessScope(mapping) as scope:
            self.reset_state()
        return self._read_back(scope, mapping)

    # -- config ------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__
