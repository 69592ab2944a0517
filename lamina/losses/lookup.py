"""``lamina.losses.get`` / ``serialize`` / ``deserialize``: names and configs to losses.

>>> get("mse").__name__
'mean_squared_error'
>>> type(get({"class_name": "BinaryCrossentropy", "config": {"from_logits": True}})).__name__
'BinaryCrossentropy'
"""

import difflib
import inspect

from lamina._registry import (
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.losses import (
    circle_loss,
    ctc_loss,
    focal_losses,
    generalized_crossentropy,
    hinge_losses,
    probabilistic,
    regression,
    segmentation_losses,
)
from lamina.losses.loss import Loss, LossFunctionWrapper

_CLASSES = (
    Loss, LossFunctionWrapper,
    regression.MeanSquaredError, regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError, regression.MeanSquaredLogarithmicError,
    regression.CosineSimilarity, regression.Huber, regression.LogCosh,
    probabilistic.BinaryCrossentropy, probabilistic.CategoricalCrossentropy,
    probabilistic.SparseCategoricalCrossentropy, probabilistic.KLDivergence,
    probabilistic.Poisson,
    hinge_losses.Hinge, hinge_losses.SquaredHinge, hinge_losses.CategoricalHinge,
    focal_losses.BinaryFocalCrossentropy, focal_losses.CategoricalFocalCrossentropy,
    generalized_crossentropy.CategoricalGeneralizedCrossEntropy,
    segmentation_losses.Dice, segmentation_losses.Tversky, circle_loss.Circle, ctc_loss.CTC,
)
_FUNCTIONS = (
    regression.mean_squared_error, regression.mean_absolute_error,
    regression.mean_absolute_percentage_error, regression.mean_squared_logarithmic_error,
    regression.cosine_similarity, regression.huber, regression.log_cosh,
    probabilistic.binary_crossentropy, probabilistic.categorical_crossentropy,
    probabilistic.sparse_categorical_crossentropy, probabilistic.kl_divergence,
    probabilistic.poisson,
    hinge_losses.hinge, hinge_losses.squared_hinge, hinge_losses.categorical_hinge,
    focal_losses.binary_focal_crossentropy, focal_losses.categorical_focal_crossentropy,
    generalized_crossentropy.categorical_generalized_cross_entropy,
    segmentation_losses.dice, segmentation_losses.tversky, circle_loss.circle, ctc_loss.ctc,
)
_ALIASES = {
    "mse": regression.mean_squared_error, "MSE": regression.mean_squared_error,
    "mae": regression.mean_absolute_error, "MAE": regression.mean_absolute_error,
    "mape": regression.mean_absolute_percentage_error,
    "MAPE": regression.mean_absolute_percentage_error,
    "msle": regression.mean_squared_logarithmic_error,
    "MSLE": regression.mean_squared_logarithmic_error,
    "logcosh": regression.log_cosh,
    "bce": probabilistic.binary_crossentropy, "BCE": probabilistic.binary_crossentropy,
    "kld": probabilistic.kl_divergence, "KLD": probabilistic.kl_divergence,
    "kullback_leibler_divergence": probabilistic.kl_divergence,
}

#: Every built-in loss by name: class names, function names and Keras aliases.
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS_DICT.update(_ALIASES)


def serialize(loss):
    """The config of a :class:`Loss` (a dict) or the registered name of a loss function.

    >>> serialize(regression.MeanSquaredError())["class_name"]
    'MeanSquaredError'
    """
    return serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """Rebuild a loss from :func:`serialize` output (a config dict or a name; built-ins
    resolve as losses first). The first argument is called ``name`` as in Keras.

    >>> deserialize("mae").__name__
    'mean_absolute_error'
    """
    return deserialize_keras_object(
        name, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT, kind="loss"
    )


def _lookup(name):
    obj = ALL_OBJECTS_DICT.get(name)
    if obj is not None:
        return obj
    obj = get_registered_object(name)
    is_loss_class = inspect.isclass(obj) and issubclass(obj, Loss)
    is_user_function = callable(obj) and not inspect.isclass(obj) and not getattr(
        obj, "__module__", ""
    ).startswith("lamina.")
    if is_loss_class or is_user_function:
        return obj
    near = difflib.get_close_matches(name, list(ALL_OBJECTS_DICT), n=4)
    hint = f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise ValueError(
        f"losses.get: unknown loss {name!r}.{hint} Use a built-in name (e.g. 'mse', "
        "'binary_crossentropy', 'SparseCategoricalCrossentropy'), a Loss instance, a "
        "function fn(y_true, y_pred), or a name registered with "
        "@register_keras_serializable."
    )


def get(identifier):
    """A loss from a name, a config dict, a :class:`Loss` (class or instance) or a function.

    Strings are Keras names: snake_case function names and aliases (``"mse"``) give the
    function, class names give a new instance. ``None`` gives ``None``.

    >>> type(get("CategoricalCrossentropy")).__name__
    'CategoricalCrossentropy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _lookup(identifier)
    else:
        obj = identifier
    if inspect.isclass(obj):
        obj = obj()
    if callable(obj):
        return obj
    raise ValueError(
        f"losses.get: could not interpret loss identifier {identifier!r} (of type "
        f"{type(identifier).__name__}); expected a name, a config dict, a Loss or a "
        "function fn(y_true, y_pred)."
    )
