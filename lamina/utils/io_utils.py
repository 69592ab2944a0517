"""Where lamina's messages go: stdout, or the ``"lamina"`` logger when interactive logging
is disabled (``lamina.config.disable_interactive_logging()``)."""

import logging
import sys

from lamina import config

logger = logging.getLogger("lamina")


def print_msg(message: str, line_break: bool = True) -> None:
    """Write ``message`` to stdout, or log it at INFO level on the ``"lamina"`` logger
    when interactive logging is disabled (control characters and the line break are
    dropped there: a log record is one line).

    >>> print_msg("hello")
    hello
    """
    if config.is_interactive_logging_enabled():
        stream = sys.stdout
        stream.write(message + ("\n" if line_break else ""))
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()
    else:
        text = message.replace("\r", "").rstrip("\n")
        if text.strip():
            logger.info(text)
