"""Cases for the core, merging, reshaping and normalization layers."""

from cases import LayerCase

CASES = {
    "Dense": LayerCase({"units": 5}, mask="pass"),
    "Activation": LayerCase({"activation": "relu"}, mask="pass"),
    "Dropout": LayerCase({"rate": 0.5}, mask="pass"),
    "Identity": LayerCase({}, mask="pass"),
    "Flatten": LayerCase({}, mask="refuse"),
    "Reshape": LayerCase({"target_shape": (4, 3)}, mask="refuse"),
    "Embedding": LayerCase({"input_dim": 10, "output_dim": 4}, input_shape=(2, 3),
                           dtype="int32", mask=None, fit=True),
    "Lambda": LayerCase({"function": "relu_function_for_tests"}, mask="refuse"),
    "Add": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Subtract": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Multiply": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Average": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Maximum": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Minimum": LayerCase({}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="pass"),
    "Concatenate": LayerCase({"axis": -1}, input_shape=[(2, 3, 4), (2, 3, 2)], mask="pass"),
    "Dot": LayerCase({"axes": -1}, input_shape=[(2, 3, 4), (2, 3, 4)], mask="refuse"),
    "BatchNormalization": LayerCase({}, mask="pass"),
    "LayerNormalization": LayerCase({}, mask="pass"),
    "EinsumDense": LayerCase({"equation": "abc,cd->abd", "output_shape": (None, 5),
                              "bias_axes": "d"}, mask="pass"),
    "ReversibleEmbedding": LayerCase({"input_dim": 10, "output_dim": 4, "mask_zero": True},
                                     input_shape=(2, 3), dtype="int32", low=1, mask=None),
}
