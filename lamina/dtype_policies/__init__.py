"""Dtype policies (Keras 3's ``keras.dtype_policies``): compute vs weight dtypes, mixed
precision, and the global policy.

>>> from lamina import dtype_policies
>>> dtype_policies.get("mixed_float16").variable_dtype
'float32'
"""

from lamina.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from lamina.dtype_policies.dtype_policy import FloatDTypePolicy as FloatDTypePolicy
from lamina.dtype_policies.dtype_policy import deserialize as deserialize
from lamina.dtype_policies.dtype_policy import dtype_policy as dtype_policy
from lamina.dtype_policies.dtype_policy import get as get
from lamina.dtype_policies.dtype_policy import serialize as serialize
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy
