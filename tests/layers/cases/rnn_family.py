"""Cases for the recurrent layers: cells, RNN layers and their wrappers."""

from cases import LayerCase
from lamina import layers

CASES = {
    "LSTM": LayerCase({"units": 3}, mask="end"),
    "GRU": LayerCase({"units": 3, "return_sequences": True}, mask="pass"),
    "SimpleRNN": LayerCase({"units": 3, "go_backwards": True}, mask="end"),
    "RNN": LayerCase({"cell": layers.LSTMCell(3), "return_sequences": True}, mask="pass"),
    "Bidirectional": LayerCase({"layer": layers.LSTM(2, return_sequences=True)}, mask="pass"),
    "TimeDistributed": LayerCase({"layer": layers.Dense(2)}, mask="pass"),
    "ConvLSTM1D": LayerCase({"filters": 2, "kernel_size": 2, "return_sequences": True},
                            input_shape=(2, 3, 4, 2), mask="pass"),
    "ConvLSTM2D": LayerCase({"filters": 2, "kernel_size": 2}, input_shape=(2, 3, 3, 3, 1),
                            mask="end"),
    "ConvLSTM3D": LayerCase({"filters": 1, "kernel_size": 2, "padding": "same",
                             "return_sequences": True}, input_shape=(2, 2, 2, 2, 2, 1),
                            mask="pass"),
    # Cells run one timestep: (batch, features) inputs, zero states when none are given.
    "LSTMCell": LayerCase({"units": 3}, input_shape=(2, 4), fit=False),
    "GRUCell": LayerCase({"units": 3}, input_shape=(2, 4), fit=False),
    "SimpleRNNCell": LayerCase({"units": 3}, input_shape=(2, 4), fit=False),
    "StackedRNNCells": LayerCase(
        {"cells": [layers.GRUCell(3), layers.SimpleRNNCell(2)]}, input_shape=(2, 4), fit=False
    ),
}
