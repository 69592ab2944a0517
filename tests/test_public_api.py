"""Public-API snapshot: every public name of every namespace, checked against a file.

A change to the public surface must update ``tests/public_api.txt`` on purpose:
``LAMINA_UPDATE_API=1 python -m pytest tests/test_public_api.py``.
"""

import importlib
import inspect
import os
import pathlib

SNAPSHOT = pathlib.Path(__file__).with_name("public_api.txt")
NAMESPACES = [
    "lamina",
    "lamina.activations",
    "lamina.backend",
    "lamina.callbacks",
    "lamina.config",
    "lamina.constraints",
    "lamina.dtype_policies",
    "lamina.initializers",
    "lamina.layers",
    "lamina.losses",
    "lamina.metrics",
    "lamina.mixed_precision",
    "lamina.models",
    "lamina.ops",
    "lamina.ops.image",
    "lamina.ops.linalg",
    "lamina.ops.nn",
    "lamina.ops.numpy",
    "lamina.optimizers",
    "lamina.random",
    "lamina.regularizers",
    "lamina.saving",
    "lamina.tree",
    "lamina.utils",
]
# Names a Keras 3 user of this project's first issue relies on.
REQUIRED = {
    "lamina": [
        "Input",
        "Model",
        "Sequential",
        "Layer",
        "Variable",
        "KerasTensor",
        "StatelessScope",
        "SeedGenerator",
        "clear_session",
        "InputSpec",
    ],
    "lamina.layers": [
        "InputLayer",
        "Dense",
        "Activation",
        "Dropout",
        "Flatten",
        "Reshape",
        "Embedding",
        "Lambda",
        "Identity",
        "Add",
        "Subtract",
        "Multiply",
        "Average",
        "Maximum",
        "Minimum",
        "Concatenate",
        "Dot",
        "BatchNormalization",
        "LayerNormalization",
    ],
    "lamina.losses": [
        "MeanSquaredError",
        "MeanAbsoluteError",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "mean_squared_error",
        "binary_crossentropy",
    ],
    "lamina.metrics": [
        "Mean",
        "Sum",
        "MeanSquaredError",
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
    ],
    "lamina.optimizers": ["SGD", "Adam", "AdamW", "RMSprop"],
    "lamina.utils": ["set_random_seed", "to_categorical", "Progbar"],
    "lamina.config": ["floatx", "epsilon", "set_floatx", "set_epsilon"],
}


def _public_names(module_name):
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None) or dir(module)

    def public(name):
        value = getattr(module, name)
        if name.startswith("_"):
            return False
        if inspect.ismodule(value):  # only the documented namespaces, not lazily loaded ones
            return f"{module_name}.{name}" in NAMESPACES
        return True

    return sorted(n for n in names if public(n))


def _current():
    lines = []
    for namespace in NAMESPACES:
        for name in _public_names(namespace):
            lines.append(f"{namespace}.{name}")
    return "\n".join(lines) + "\n"


def test_required_keras_names_exist():
    missing = [
        f"{ns}.{n}"
        for ns, names in REQUIRED.items()
        for n in names
        if not hasattr(importlib.import_module(ns), n)
    ]
    assert not missing, missing


def test_public_api_matches_snapshot():
    current = _current()
    if os.environ.get("LAMINA_UPDATE_API") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(current)
    expected = SNAPSHOT.read_text()
    added = sorted(set(current.split()) - set(expected.split()))
    removed = sorted(set(expected.split()) - set(current.split()))
    assert not added and not removed, (
        f"public API changed; added={added}, removed={removed}. If intended, regenerate with "
        "LAMINA_UPDATE_API=1."
    )
