"""``lamina.ops``: NumPy-style, neural-network and core ops (eager or symbolic)."""

from lamina.ops import image as image
from lamina.ops import keras_tensor_operators as _keras_tensor_operators  # noqa: F401
from lamina.ops import linalg as linalg
from lamina.ops import nn as nn
from lamina.ops.core import *  # noqa: F401,F403
from lamina.ops.core import cond as cond
from lamina.ops.function import Function as Function
from lamina.ops.linalg import *  # noqa: F401,F403
from lamina.ops.nn import *  # noqa: F401,F403
from lamina.ops.numpy import *  # noqa: F401,F403
from lamina.ops.operation import Operation as Operation
