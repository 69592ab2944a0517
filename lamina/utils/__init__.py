"""Public utilities. Names from higher rungs are loaded lazily, so that the rung-1
helpers in this package can be imported from anywhere without import cycles."""

import importlib

_LAZY = {
    "model_to_dot": "lamina.visualization.model_to_dot",
    "plot_model": "lamina.visualization.plot_model",
    "set_random_seed": "lamina.core.random",
    "clear_session": "lamina.core.context",
    "get_custom_objects": "lamina._registry",
    "register_keras_serializable": "lamina._registry",
    "serialize_keras_object": "lamina._registry",
    "deserialize_keras_object": "lamina._registry",
    "to_categorical": "lamina.utils.numerical",
    "normalize": "lamina.utils.numerical",
    "Progbar": "lamina.callbacks.progbar",
    "PyDataset": "lamina.data.py_dataset",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'lamina.utils' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
