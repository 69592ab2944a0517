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
    "pad_sequences": "lamina.utils.sequence_padding",
    "CustomObjectScope": "lamina._registry",
    "custom_object_scope": "lamina._registry",
    "get_registered_name": "lamina._registry",
    "get_registered_object": "lamina._registry",
    "pack_x_y_sample_weight": "lamina.utils.data_packing",
    "unpack_x_y_sample_weight": "lamina.utils.data_packing",
    "is_keras_tensor": "lamina.core.keras_tensor",
    "standardize_dtype": "lamina.core.convert",
    "get_source_inputs": "lamina.utils.source_inputs",
    "timeseries_dataset_from_array": "lamina.utils.timeseries_dataset",
    "split_dataset": "lamina.utils.dataset_split",
    "img_to_array": "lamina.utils.image_arrays",
    "array_to_img": "lamina.utils.image_arrays",
    "enable_interactive_logging": "lamina.config",
    "disable_interactive_logging": "lamina.config",
    "is_interactive_logging_enabled": "lamina.config",
}
# Keras 3 names that are another name for a lamina object: name -> (module, attribute).
_ALIASES = {"Sequence": ("lamina.data.py_dataset", "PyDataset")}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _ALIASES:
        module, attribute = _ALIASES[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'lamina.utils' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY) + list(_ALIASES))
