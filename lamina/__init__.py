"""lamina: the Keras layer / model / training system, rebuilt on JAX alone.

``import lamina as keras`` runs Keras 3 code written for the JAX backend.

>>> import lamina, numpy as np
>>> inputs = lamina.Input(shape=(4,))
>>> outputs = lamina.layers.Dense(1)(inputs)
>>> model = lamina.Model(inputs, outputs)
>>> model.predict(np.zeros((2, 4)), verbose=0).shape
(2, 1)
"""

from lamina import activations as activations
from lamina import backend as backend
from lamina import callbacks as callbacks
from lamina import config as config
from lamina import constraints as constraints
from lamina import dtype_policies as dtype_policies
from lamina import initializers as initializers
from lamina import layers as layers
from lamina import losses as losses
from lamina import metrics as metrics
from lamina import mixed_precision as mixed_precision
from lamina import models as models
from lamina import ops as ops
from lamina import optimizers as optimizers
from lamina import random as random
from lamina import regularizers as regularizers
from lamina import saving as saving
from lamina import tree as tree
from lamina import utils as utils
from lamina.core.context import clear_session as clear_session
from lamina.core.keras_tensor import KerasTensor as KerasTensor
from lamina.core.random import SeedGenerator as SeedGenerator
from lamina.core.scopes import StatelessScope as StatelessScope
from lamina.core.variable import Variable as Variable
from lamina.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from lamina.dtype_policies.dtype_policy import FloatDTypePolicy as FloatDTypePolicy
from lamina.initializers.initializer import Initializer as Initializer
from lamina.layers.core.input_layer import Input as Input
from lamina.layers.input_spec import InputSpec as InputSpec
from lamina.layers.layer import Layer as Layer
from lamina.losses.loss import Loss as Loss
from lamina.metrics.metric import Metric as Metric
from lamina.models.model import Model as Model
from lamina.models.sequential import Sequential as Sequential
from lamina.ops.function import Function as Function
from lamina.ops.operation import Operation as Operation
from lamina.optimizers.optimizer import Optimizer as Optimizer
from lamina.regularizers.regularizers import Regularizer as Regularizer
from lamina.version import __version__ as __version__
from lamina.version import version as version
