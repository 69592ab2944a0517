"""``class_weight``: per-class weights turned into per-sample weights.

>>> import numpy as np
>>> apply_class_weight(np.array([0, 1, 1]), None, {0: 1.0, 1: 3.0}).tolist()
[1.0, 3.0, 3.0]
"""

import numpy as np


def apply_class_weight(y, sample_weight, class_weight):
    """``sample_weight * class_weight[class of y]`` (integer labels or one-hot ``y``)."""
    if not isinstance(class_weight, dict):
        raise TypeError(
            f"class_weight must be a dict mapping class index to weight, received "
            f"{type(class_weight).__name__}."
        )
    if y is None or isinstance(y, (list, dict)):
        raise ValueError(
            "class_weight is supported for a single output with targets y; for several "
            "outputs pass sample_weight per output instead."
        )
    y = np.asarray(y)
    if y.ndim >= 2 and y.shape[-1] > 1:
        classes = y.argmax(axis=-1)
    else:
        classes = y.reshape(len(y), -1)[:, 0] if y.ndim >= 2 else y
    classes = np.round(classes).astype("int64")
    unknown = sorted(set(np.unique(classes).tolist()) - set(int(k) for k in class_weight))
    if unknown:
        raise ValueError(
            f"class_weight has no entry for class(es) {unknown}; give a weight for every class "
            "present in y."
        )
    lookup = {int(k): float(v) for k, v in class_weight.items()}
    weights = np.asarray([lookup[c] for c in classes.reshape(-1)], "float32")
    weights = weights.reshape(classes.shape)
    if sample_weight is None:
        return weights
    return np.asarray(sample_weight, "float32") * weights
