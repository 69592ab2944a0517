"""The ``Callback`` base class: hooks the training loop calls at fixed points.

Every dynamic action of ``fit`` / ``evaluate`` / ``predict`` (history recording, the
progress bar, user code) is a callback. A hook that a subclass does not override is a
no-op, and the trainer can tell (see :func:`overrides_hook`), so an unused batch hook
costs nothing and never forces a device sync.
"""

from lamina._registry import register_builtin

HOOK_NAMES = (
    "on_train_begin",
    "on_train_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_batch_begin",
    "on_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


@register_builtin
class Callback:
    """Base class for objects that hook into ``fit``, ``evaluate`` and ``predict``.

    Subclass it and override the hooks you need. ``self.params`` holds the loop's
    parameters (``verbose``, ``epochs``, ``steps``) and ``self.model`` the model.

    Batch-level ``logs`` values may be JAX/NumPy scalars (converting them forces a device
    sync, so the loop leaves that to you: call ``float(v)`` when you need a number);
    epoch-level values are Python floats. Reading ``self.model`` first writes the
    trainer's device-side state back into the model's variables (``_sync_variables``),
    so read it only when you need the model.

    >>> class Recorder(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(epoch, logs)
    >>> Recorder().on_epoch_end(0, {"loss": 0.5})
    0 {'loss': 0.5}
    """

    def __init__(self):
        self.params = None
        self._model = None

    def set_params(self, params):
        """Store the loop's parameters dict (``verbose``, ``epochs``, ``steps``)."""
        self.params = params

    def set_model(self, model):
        """Attach the model the callback observes."""
        self._model = model

    @property
    def model(self):
        """The model, with its variables brought up to date first.

        During ``fit`` the weights live in a device-side train state; reading this
        property calls ``model._sync_variables()`` (when the model has it) so the
        variables you see are current.
        """
        model = self._model
        sync = getattr(model, "_sync_variables", None)
        if sync is not None:
            sync()
        return model

    @model.setter
    def model(self, model):
        self.set_model(model)

    # Training.
    def on_train_begin(self, logs=None):
        """Called once before training starts."""

    def on_train_end(self, logs=None):
        """Called once after training ends (``logs``: the last epoch's logs)."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of epoch ``epoch`` (0-based) of ``fit``."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch; ``logs`` holds metrics (and ``val_*`` ones)."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before a training batch; by default forwards to ``on_batch_begin``."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after a training batch; by default forwards to ``on_batch_end``.

        With ``steps_per_execution=N`` it runs every N-th batch only.
        """
        self.on_batch_end(batch, logs=logs)

    def on_batch_begin(self, batch, logs=None):
        """Backwards-compatible alias of ``on_train_batch_begin``."""

    def on_batch_end(self, batch, logs=None):
        """Backwards-compatible alias of ``on_train_batch_end``."""

    # Evaluation (also validation inside ``fit``).
    def on_test_begin(self, logs=None):
        """Called before evaluation or validation."""

    def on_test_end(self, logs=None):
        """Called after evaluation or validation with the final metric values."""

    def on_test_batch_begin(self, batch, logs=None):
        """Called before an evaluation batch."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after an evaluation batch with the running metric values."""

    # Prediction.
    def on_predict_begin(self, logs=None):
        """Called before prediction."""

    def on_predict_end(self, logs=None):
        """Called after prediction."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before a prediction batch."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after a prediction batch."""


_BATCH_HOOKS = {
    "train": ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end"),
    "test": ("on_test_batch_begin", "on_test_batch_end"),
    "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
}


def overrides_hook(callback, name):
    """Whether ``callback.<name>`` differs from ``Callback.<name>`` (class or instance).

    A function stored on the instance (``LambdaCallback``) counts as an override; so does
    any method of an object that does not inherit the base implementation.

    >>> class OnlyEpochs(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         pass
    >>> overrides_hook(OnlyEpochs(), "on_epoch_end"), overrides_hook(OnlyEpochs(), "on_batch_end")
    (True, False)
    """
    method = getattr(callback, name, None)
    if method is None:
        return False
    return getattr(method, "__func__", method) is not getattr(Callback, name)


def batch_hook_names(mode):
    """The hook names that run per batch in ``mode`` ("train", "test" or "predict").

    >>> batch_hook_names("test")
    ('on_test_batch_begin', 'on_test_batch_end')
    """
    if mode not in _BATCH_HOOKS:
        raise ValueError(
            f"Unknown callback mode {mode!r}: expected one of 'train', 'test', 'predict'."
        )
    return _BATCH_HOOKS[mode]
