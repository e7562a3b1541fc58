"""One error family: every user-facing failure says what is wrong and how to fix it."""

from __future__ import annotations


class Cq4dsError(Exception):
    """Base of every error a user can cause; the message names the problem and the fix."""

    def __init__(self, problem: str, fix: str = "") -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}. Fix: {fix}" if fix else problem)

    def __reduce__(self) -> tuple:
        """Pickle with the problem and the fix apart, so an error raised on a Dask worker arrives whole."""
        return (type(self), (self.problem, self.fix))


class ConfigError(Cq4dsError):
    """A configuration cannot be read or does not describe a valid pipeline."""


class UnknownComponentError(ConfigError):
    """A component name is not in the registry."""


class InvalidParameterError(ConfigError):
    """A component parameter is unknown, of the wrong type or out of range."""


class DataError(Cq4dsError):
    """Input data is missing, unreadable or breaks the passenger schema."""


class InvalidPassengerError(DataError):
    """A passenger record breaks one of the domain's validation rules."""


class SinkError(Cq4dsError):
    """Results could not be written; the previous output is left intact."""


class EngineError(Cq4dsError):
    """The engine could not finish the work (a worker or the scheduler went away); nothing was published."""


class ModelStoreError(Cq4dsError):
    """A model artifact cannot be saved, found or trusted."""
