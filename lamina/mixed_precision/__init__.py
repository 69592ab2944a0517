"""Mixed precision (Keras 3's ``keras.mixed_precision``): compute in float16 or bfloat16,
keep the weights in float32.

Set a global policy before building the model; every layer then computes in the 16-bit
dtype and reads its float32 weights cast to it (normalization layers compute their
statistics in float32). Under ``"mixed_float16"``, ``compile`` wraps the optimizer in a
:class:`LossScaleOptimizer` (``auto_scale_loss=True``) so small gradients do not underflow.

>>> import lamina, numpy as np
>>> lamina.mixed_precision.set_global_policy("mixed_bfloat16")
>>> layer = lamina.layers.Dense(2)
>>> str(layer(np.ones((1, 3))).dtype), layer.kernel.dtype
('bfloat16', 'float32')
>>> lamina.mixed_precision.set_global_policy(None)
"""

from lamina.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from lamina.dtype_policies.dtype_policy import DTypePolicy as Policy
from lamina.dtype_policies.dtype_policy import dtype_policy as dtype_policy
from lamina.dtype_policies.dtype_policy import dtype_policy as global_policy
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy
from lamina.dtype_policies.dtype_policy import set_dtype_policy as set_global_policy
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer

__all__ = ["DTypePolicy", "LossScaleOptimizer", "Policy", "dtype_policy", "global_policy",
           "set_dtype_policy", "set_global_policy"]
