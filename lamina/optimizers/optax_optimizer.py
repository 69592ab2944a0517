"""``OptaxOptimizer``: any optax ``GradientTransformation`` as a lamina optimizer.

The transformation's state leaves become optimizer Variables (after ``iteration`` and
the optional ``learning_rate``), so the state is saved with the model and lives in the
trainer's state like any built-in optimizer's. The clip, weight-decay, EMA and
accumulation arguments of :class:`~lamina.optimizers.optimizer.Optimizer` work too.

- ``learning_rate=None`` (default): the transformation's output is added to the
  parameters as it is (``optax.adam(1e-3)`` already scales by ``-1e-3``).
- ``learning_rate`` given: the output is a direction (e.g. ``optax.scale_by_adam()``)
  and is multiplied by ``-learning_rate``, which callbacks can then change.

>>> import jax.numpy as jnp, optax
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> opt = OptaxOptimizer(optax.sgd(0.5))
>>> opt.apply([jnp.array([1.0])], [w])
>>> float(w.numpy()[0])
0.5
"""

import re

import jax
import jax.numpy as jnp
import optax

from lamina._registry import SerializationError, register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _leaf_name(path) -> str:
    text = re.sub(r"[^0-9A-Za-z]+", "_", jax.tree_util.keystr(path)).strip("_")
    return f"state_{text}" if text else "state"


@register_builtin
class OptaxOptimizer(Optimizer):
    """Wrap ``transformation`` (an ``optax.GradientTransformation``) as an optimizer.

    Its config holds the hyper-parameters of the shell only: a transformation is Python
    code, so :meth:`from_config` cannot rebuild it (save the weights and recompile).

    >>> import optax
    >>> OptaxOptimizer(optax.scale_by_adam(), learning_rate=0.01).learning_rate.numpy()
    array(0.01, dtype=float32)
    """

    _allow_no_learning_rate = True

    def __init__(self, transformation, learning_rate=None, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if not isinstance(transformation, optax.GradientTransformation):
            raise ValueError(
                "OptaxOptimizer: `transformation` must be an optax.GradientTransformation "
                f"(e.g. optax.adam(1e-3)); received {type(transformation).__name__}."
            )
        if learning_rate is None and weight_decay is not None:
            raise ValueError(
                "OptaxOptimizer: `weight_decay` needs a `learning_rate` (the decay is "
                "var * weight_decay * learning_rate). Pass learning_rate=, or put "
                "optax.add_decayed_weights(...) in the transformation."
            )
        super().__init__(**base_arguments(locals()))
        self.optax_transformation = transformation
        self._state_leaves = []
        self._state_treedef = None

    def _build_state(self, var_list):
        state = self.optax_transformation.init([v.value for v in var_list])
        leaves_with_paths, self._state_treedef = jax.tree_util.tree_flatten_with_path(state)
        for path, leaf in leaves_with_paths:
            leaf = jnp.asarray(leaf)
            self._state_leaves.append(self.add_variable(
                leaf.shape, initializer=lambda shape, dtype, leaf=leaf: leaf,
                dtype=leaf.dtype, name=_leaf_name(path)))

    def _transform(self):
        inner = optax.with_extra_args_support(self.optax_transformation)

        def update_fn(updates, state, params=None, *, learning_rate=None, iterations=None,
                      **extra):
            updates, state = inner.update(updates, state, params, **extra)
            if learning_rate is not None:
                updates = jax.tree.map(lambda u: -(u * learning_rate.astype(u.dtype)), updates)
            return updates, state

        return optax.GradientTransformationExtraArgs(inner.init, update_fn)

    def _state_tree(self, values, active):
        if len(active) != len(self._trainable_variables):
            raise ValueError(
                f"OptaxOptimizer {self.name!r}: every variable needs a gradient (received "
                f"None for {len(self._trainable_variables) - len(active)} of them); an optax "
                "transformation updates its whole state at once. Pass zeros instead."
            )
        return self._state_treedef.unflatten([values[id(v)] for v in self._state_leaves])

    def _state_updates(self, new_state, active):
        leaves = self._state_treedef.flatten_up_to(new_state)
        return {id(v): jnp.asarray(leaf) for v, leaf in zip(self._state_leaves, leaves)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        raise SerializationError(
            "OptaxOptimizer cannot be rebuilt from a config: its optax transformation is "
            "Python code, which lamina never stores. Create OptaxOptimizer(transformation) "
            "again (its weights can still be loaded)."
        )
