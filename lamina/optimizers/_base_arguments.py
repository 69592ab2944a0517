"""Passing a built-in optimizer's base arguments on to its parent ``__init__``.

Each built-in optimizer spells out its full Keras 3 constructor signature (its own
hyper-parameters, then the base ``Optimizer`` ones), so ``inspect.signature`` and
keyword calls match Keras; :func:`base_arguments` then hands the parent's arguments
on without listing them a second time.
"""

import functools
import inspect

from lamina.optimizers.optimizer import Optimizer


@functools.cache
def _parameter_names(init):
    return tuple(name for name, parameter in inspect.signature(init).parameters.items()
                 if name != "self" and parameter.kind is not parameter.VAR_KEYWORD)


def base_arguments(arguments, init=Optimizer.__init__):
    """The keyword arguments for the parent ``init`` out of the caller's ``locals()``.

    Every named parameter of ``init`` is taken from ``arguments`` by name, and the
    caller's own ``**kwargs`` are passed on as they are (``Optimizer.__init__`` refuses
    the unknown ones).

    >>> def parent(self, learning_rate=0.001, name=None, **kwargs):
    ...     pass
    >>> def child(self, learning_rate=0.1, rho=0.9, name=None, **kwargs):
    ...     return base_arguments(locals(), parent)
    >>> child(None, rho=0.5, name="opt", clipnorm=1.0)
    {'learning_rate': 0.1, 'name': 'opt', 'clipnorm': 1.0}
    """
    return {**{name: arguments[name] for name in _parameter_names(init)},
            **arguments["kwargs"]}
