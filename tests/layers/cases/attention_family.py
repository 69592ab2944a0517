"""Cases for the attention layers, Masking and the global pooling layers."""

from cases import LayerCase

_PAIR = [(2, 3, 4), (2, 3, 4)]  # the harness gives every input the same mask

CASES = {
    # Self-attention on one input (value defaults to the query).
    "MultiHeadAttention": LayerCase({"num_heads": 2, "key_dim": 3}, mask="pass"),
    "Attention": LayerCase({"use_scale": True}, input_shape=_PAIR, mask="pass"),
    "AdditiveAttention": LayerCase({}, input_shape=_PAIR, mask="pass"),
    "GroupQueryAttention": LayerCase({"head_dim": 2, "num_query_heads": 4,
                                      "num_key_value_heads": 2}, mask="pass"),
    "Masking": LayerCase({"mask_value": 0.0}, mask="compute"),
    "GlobalAveragePooling1D": LayerCase({}, mask="end"),
    "GlobalAvgPool1D": LayerCase({"keepdims": True}, mask="end"),
    "GlobalMaxPooling1D": LayerCase({}, mask="end"),
    "GlobalMaxPool1D": LayerCase({"data_format": "channels_first"}, input_shape=(2, 3, 3),
                                 mask="end"),
    "GlobalAveragePooling2D": LayerCase({}, input_shape=(2, 3, 4, 2), mask="refuse"),
    "GlobalAvgPool2D": LayerCase({"keepdims": True}, input_shape=(2, 3, 4, 2), mask="refuse"),
    "GlobalMaxPooling2D": LayerCase({}, input_shape=(2, 3, 4, 2), mask="refuse"),
    "GlobalMaxPool2D": LayerCase({"data_format": "channels_first"}, input_shape=(2, 3, 4, 2),
                                 mask="refuse"),
    "GlobalAveragePooling3D": LayerCase({}, input_shape=(2, 2, 3, 2, 3), mask="refuse"),
    "GlobalAvgPool3D": LayerCase({"keepdims": True}, input_shape=(2, 2, 3, 2, 3),
                                 mask="refuse"),
    "GlobalMaxPooling3D": LayerCase({}, input_shape=(2, 2, 3, 2, 3), mask="refuse"),
    "GlobalMaxPool3D": LayerCase({"data_format": "channels_first"},
                                 input_shape=(2, 2, 3, 2, 3), mask="refuse"),
}
