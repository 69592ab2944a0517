"""``LambdaCallback``: a callback built from plain functions."""

from lamina._registry import register_builtin
from lamina.callbacks.callback import HOOK_NAMES, Callback


@register_builtin
class LambdaCallback(Callback):
    """A callback whose hooks are the functions you pass.

    Functions are called like the hooks they replace: ``on_epoch_begin/end(epoch,
    logs)``, ``on_train_begin/end(logs)``, ``on_*_batch_begin/end(batch, logs=logs)``.
    Any other hook of :class:`Callback` can be given by name in ``**kwargs``
    (e.g. ``on_test_end=fn``). Unset hooks stay no-ops and cost nothing.

    >>> seen = []
    >>> cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(logs["loss"]))
    >>> cb.on_epoch_end(0, {"loss": 0.5})
    >>> seen
    [0.5]
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        for name, fn in kwargs.items():
            if name not in HOOK_NAMES:
                raise TypeError(
                    f"LambdaCallback: unknown hook {name!r}. Expected one of "
                    f"{', '.join(HOOK_NAMES)}."
                )
            hooks[name] = fn
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(
                    f"LambdaCallback: {name} must be a function (or None), received "
                    f"{type(fn).__name__} {fn!r}."
                )
            setattr(self, name, fn)
