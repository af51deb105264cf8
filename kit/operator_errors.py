"""Problems the operator fixes (configuration, the data directory, a port): not bugs.

The command line prints an ``OperatorError`` as one line and exits with status 2; ``--debug``
shows the traceback instead. The message says what was looked at and what to do.
"""

from __future__ import annotations


class OperatorError(Exception):
    """A known operating condition that stops a command; ``str()`` is the one line shown."""
