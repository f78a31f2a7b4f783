"""Errors that stop a run with exit code 2 and a one-line message (never a traceback)."""


class NewslintError(Exception):
    """A usage, configuration, plugin or internal error: printed as ``error: <message>``, exit 2."""


class UsageError(NewslintError):
    """The command line asks for something impossible."""


class ConfigError(NewslintError):
    """The configuration or a vocabulary pack is invalid; the message names the file and key."""


class PluginError(NewslintError):
    """A plugin failed to load or registered something invalid."""


class InputError(Exception):
    """A file cannot be read as documents; becomes an ``input`` finding, the run goes on."""

    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
