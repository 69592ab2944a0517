"""Fixtures for the saving tests: one process-wide audit hook, recording only on demand.

Audit hooks cannot be removed, so exactly one is installed (when this conftest is
imported); it records events only while ``AuditLog.recording`` is set.
"""

import contextlib
import sys

import pytest

# Events that must never happen while a file is loaded.
FORBIDDEN_PREFIXES = (
    "import", "exec", "compile", "subprocess.", "os.system", "os.exec", "os.posix_spawn",
    "os.spawn", "os.fork", "os.startfile", "ctypes.", "marshal.loads", "pickle.",
    "code.__new__", "function.__new__", "builtins.input", "socket.", "urllib.", "shutil.",
    "os.remove", "os.rename", "os.unlink", "os.chmod", "os.mkdir",
)


class AuditLog:
    """The events seen while recording (name, args)."""

    def __init__(self):
        self.recording = False
        self.events = []

    @contextlib.contextmanager
    def record(self):
        self.events = []
        self.recording = True
        try:
            yield self
        finally:
            self.recording = False

    def violations(self, allowed_paths):
        """Forbidden events, and file opens of anything but ``allowed_paths``."""
        allowed = {str(p) for p in allowed_paths}
        bad = []
        for event, args in self.events:
            if event == "open":
                if str(args[0]) not in allowed:
                    bad.append((event, args[0]))
            elif event.startswith(FORBIDDEN_PREFIXES):
                bad.append((event, repr(args)[:200]))
        return bad


AUDIT = AuditLog()


def _hook(event, args):
    if AUDIT.recording and not event.startswith(("object.", "sys._getframe", "builtins.id")):
        AUDIT.events.append((event, args))


sys.addaudithook(_hook)


@pytest.fixture
def audit():
    """The process-wide :class:`AuditLog` (records inside ``with audit.record():``)."""
    return AUDIT
