"""Layers: rnn family (recurrent cells, the RNN layers, and their wrappers)."""

from lamina.layers.rnn.bidirectional import Bidirectional as Bidirectional
from lamina.layers.rnn.conv_lstm1d import ConvLSTM1D as ConvLSTM1D
from lamina.layers.rnn.conv_lstm2d import ConvLSTM2D as ConvLSTM2D
from lamina.layers.rnn.conv_lstm3d import ConvLSTM3D as ConvLSTM3D
from lamina.layers.rnn.gru import GRU as GRU
from lamina.layers.rnn.gru import GRUCell as GRUCell
from lamina.layers.rnn.lstm import LSTM as LSTM
from lamina.layers.rnn.lstm import LSTMCell as LSTMCell
from lamina.layers.rnn.rnn import RNN as RNN
from lamina.layers.rnn.simple_rnn import SimpleRNN as SimpleRNN
from lamina.layers.rnn.simple_rnn import SimpleRNNCell as SimpleRNNCell
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells as StackedRNNCells
from lamina.layers.rnn.time_distributed import TimeDistributed as TimeDistributed

__all__: list[str] = [
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]
