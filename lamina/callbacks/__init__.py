"""Callbacks: every dynamic action of the training loop (history, progress bar, user code)."""

from lamina.callbacks.callback import Callback as Callback
from lamina.callbacks.callback_list import CallbackList as CallbackList
from lamina.callbacks.history import History as History
from lamina.callbacks.lambda_callback import LambdaCallback as LambdaCallback
from lamina.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
