"""``lamina.layers``: the Layer base class, InputSpec, and the built-in layers."""

# Families whose own ``__init__`` lists their public layers in ``__all__``.
from lamina.layers.activations import *  # noqa: E402,F401,F403
from lamina.layers.attention import *  # noqa: E402,F401,F403
from lamina.layers.convolutional import *  # noqa: E402,F401,F403
from lamina.layers.core.activation import Activation as Activation
from lamina.layers.core.dense import Dense as Dense
from lamina.layers.core.dropout import Dropout as Dropout
from lamina.layers.core.einsum_dense import EinsumDense as EinsumDense
from lamina.layers.core.embedding import Embedding as Embedding
from lamina.layers.core.identity import Identity as Identity
from lamina.layers.core.input_layer import Input as Input
from lamina.layers.core.input_layer import InputLayer as InputLayer
from lamina.layers.core.lambda_layer import Lambda as Lambda
from lamina.layers.core.reversible_embedding import (
    ReversibleEmbedding as ReversibleEmbedding,
)
from lamina.layers.input_spec import InputSpec as InputSpec
from lamina.layers.layer import Layer as Layer
from lamina.layers.merging.add import Add as Add
from lamina.layers.merging.add import add as add
from lamina.layers.merging.average import Average as Average
from lamina.layers.merging.average import average as average
from lamina.layers.merging.concatenate import Concatenate as Concatenate
from lamina.layers.merging.concatenate import concatenate as concatenate
from lamina.layers.merging.dot import Dot as Dot
from lamina.layers.merging.dot import dot as dot
from lamina.layers.merging.maximum import Maximum as Maximum
from lamina.layers.merging.maximum import maximum as maximum
from lamina.layers.merging.minimum import Minimum as Minimum
from lamina.layers.merging.minimum import minimum as minimum
from lamina.layers.merging.multiply import Multiply as Multiply
from lamina.layers.merging.multiply import multiply as multiply
from lamina.layers.merging.subtract import Subtract as Subtract
from lamina.layers.merging.subtract import subtract as subtract
from lamina.layers.normalization import *  # noqa: E402,F401,F403
from lamina.layers.normalization.batch_normalization import (
    BatchNormalization as BatchNormalization,
)
from lamina.layers.normalization.layer_normalization import (
    LayerNormalization as LayerNormalization,
)
from lamina.layers.pooling import *  # noqa: E402,F401,F403
from lamina.layers.preprocessing import *  # noqa: E402,F401,F403
from lamina.layers.regularization import *  # noqa: E402,F401,F403
from lamina.layers.reshaping import *  # noqa: E402,F401,F403
from lamina.layers.reshaping.flatten import Flatten as Flatten
from lamina.layers.reshaping.reshape import Reshape as Reshape
from lamina.layers.rnn import *  # noqa: E402,F401,F403
