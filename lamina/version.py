"""lamina's version."""

__version__ = "0.1.0"


def version() -> str:
    """The installed lamina version string."""
    return __version__
