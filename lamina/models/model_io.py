"""``lamina.models.save_model`` and ``model_from_json``: whole models to files and from
JSON configs. Saving lives on rung 10, above models, so ``save_model`` looks it up when
called rather than importing it."""

import importlib
import json

from lamina._registry import deserialize_keras_object


def save_model(model, filepath, overwrite=True, **kwargs):
    """Save ``model`` to a ``.keras`` file; the same as ``lamina.saving.save_model`` and
    ``model.save`` (the file holds no code and is written atomically).

    >>> import lamina, os, tempfile
    >>> inputs = lamina.Input(shape=(2,))
    >>> model = lamina.Model(inputs, lamina.layers.Dense(1)(inputs))
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> save_model(model, path)
    >>> lamina.models.load_model(path).output_shape
    (None, 1)
    """
    saving = importlib.import_module("lamina.saving")
    saving.save_model(model, filepath, overwrite=overwrite, **kwargs)


def model_from_json(json_string, custom_objects=None):
    """A new model (fresh weights) from a JSON config such as Keras 3's
    ``model.to_json()`` output. Classes resolve through the registry and
    ``custom_objects`` only; no code in the JSON is ever run.

    >>> import json, lamina
    >>> inputs = lamina.Input(shape=(2,))
    >>> model = lamina.Model(inputs, lamina.layers.Dense(1)(inputs))
    >>> text = json.dumps(lamina.saving.serialize_keras_object(model))
    >>> model_from_json(text).output_shape
    (None, 1)
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"model_from_json: json_string is not valid JSON ({error}). Pass the text "
            "returned by model.to_json()."
        ) from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "model_from_json: expected a serialized model (a JSON object with 'class_name' "
            f"and 'config'), received {type(config).__name__}."
        )
    return deserialize_keras_object(config, custom_objects=custom_objects, kind="model")
