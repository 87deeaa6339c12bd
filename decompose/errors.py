"""Errors that the CLI turns into one clear sentence and a named exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2  # bad arguments, bad config, missing input


class DecomposeError(Exception):
    """Base of every error the tool reports to its user."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputNotFoundError(DecomposeError):
    exit_code = ExitCode.USAGE

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: no such file or directory")
        self.path = path


class ConfigError(DecomposeError):
    exit_code = ExitCode.USAGE

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: invalid configuration: {problem}")
        self.source = source
        self.problem = problem


class OutputError(DecomposeError):
    exit_code = ExitCode.FAILURE

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: cannot write output: {problem}")
        self.path = path
