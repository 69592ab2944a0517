"""``SwapEMAWeights``: evaluate (and optionally checkpoint) with the optimizer's moving
average of the weights (``use_ema=True``), as Keras 3's callback."""

from lamina._registry import register_builtin
from lamina.callbacks.callback import Callback


@register_builtin
class SwapEMAWeights(Callback):
    """Put the optimizer's EMA weights in the model while it is evaluated or predicts.

    Before ``evaluate`` / ``predict`` (and the validation pass of ``fit``) the model's
    trainable weights and the optimizer's moving averages trade places; afterwards they
    trade back, so training continues from its own weights. With ``swap_on_epoch=True``
    the swap also happens at each epoch end (so callbacks listed after this one, such as
    ``ModelCheckpoint``, see the EMA weights) and is undone at the next epoch's start;
    after the last epoch the model keeps the EMA weights.

    The optimizer must be built with ``use_ema=True`` (directly, or inside a
    ``LossScaleOptimizer``). Swapping is exact (values are exchanged, not recomputed).

    Args:
        swap_on_epoch: also swap at ``on_epoch_end`` / ``on_epoch_begin``.

    >>> import lamina, numpy as np
    >>> inputs = lamina.Input(shape=(2,))
    >>> model = lamina.Model(inputs, lamina.layers.Dense(1)(inputs))
    >>> model.compile(optimizer=lamina.optimizers.SGD(0.1, use_ema=True), loss="mse")
    >>> x, y = np.ones((8, 2), "float32"), np.ones((8, 1), "float32")
    >>> _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[SwapEMAWeights()])
    >>> loss = model.evaluate(x, y, verbose=0, callbacks=[SwapEMAWeights()])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self, model):
        optimizer = getattr(model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        inner = getattr(optimizer, "optimizers", None)
        candidates = list(inner) if inner else [optimizer]
        chosen = [opt for opt in candidates if getattr(opt, "use_ema", False)]
        if not chosen:
            raise ValueError(
                f"SwapEMAWeights needs an optimizer built with use_ema=True; model "
                f"'{getattr(model, 'name', model)}' has "
                f"{type(optimizer).__name__ if optimizer is not None else 'no optimizer'} "
                "without it. Compile with e.g. optimizer=lamina.optimizers.Adam(use_ema=True)."
            )
        for opt in chosen:
            if not getattr(opt, "built", False):
                raise ValueError(
                    f"SwapEMAWeights: optimizer {type(opt).__name__} has no moving averages "
                    "yet (it is not built). Train the model (fit) before evaluating with EMA "
                    "weights."
                )
        return chosen

    def _pairs(self, model):
        for optimizer in self._ema_optimizers(model):
            for variable, average in zip(
                optimizer._trainable_variables, optimizer._model_variables_moving_average
            ):
                if average is not None:
                    yield variable, average

    def _swap_variables(self, finalize=False):
        # Read self.model once per hook: it writes fit's in-flight state into the
        # variables, which would undo a swap made earlier in the same hook.
        model = self.model
        for variable, average in self._pairs(model):
            current = variable.value
            variable.assign(average.value)
            average.assign(current)
            if finalize:  # training is over: both copies keep the EMA weights
                average.assign(variable.value)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            last = epoch == (self.params or {}).get("epochs", 0) - 1
            self._swap_variables(finalize=last)
            self._ema_weights_in_model = True

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_test_end(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()

    def on_predict_end(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
