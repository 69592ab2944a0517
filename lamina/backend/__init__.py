"""``lamina.backend``: Keras 3's backend utilities (lamina's backend is always JAX)."""

from lamina.config import backend as backend
from lamina.config import epsilon as epsilon
from lamina.config import floatx as floatx
from lamina.config import image_data_format as image_data_format
from lamina.config import set_epsilon as set_epsilon
from lamina.config import set_floatx as set_floatx
from lamina.config import set_image_data_format as set_image_data_format
from lamina.core.context import clear_session as clear_session
from lamina.core.convert import is_tensor as is_tensor
from lamina.core.convert import standardize_dtype as standardize_dtype
from lamina.core.keras_tensor import is_keras_tensor as is_keras_tensor
