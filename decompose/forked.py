"""Work done in a forked process beside this one, for the steps that cannot be cut per file.

A forked child inherits everything the parent holds, so only its result travels (pickled, through
a pipe). Where no process can be forked (on Windows, or in a daemonic process, which may have no
children), `beside` returns None and the caller does the work itself; the result must not depend
on where it was computed.

>>> wait = beside(sum, [1, 2, 3])
>>> (wait() if wait is not None else sum([1, 2, 3]))
6
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork child processes."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not multiprocessing.current_process().daemon


def beside(work: Callable[..., T], *args: Any) -> Callable[[], T | None] | None:
    """Start `work(*args)` in a forked process; a function that waits for its result (None
    if the process failed). None when no process can be forked here."""
    if not can_fork():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, work, args), daemon=True)
    try:
        process.start()
    except OSError:
        receive.close()
        send.close()
        return None
    send.close()

    def wait() -> T | None:
        found: T | None
        try:
            found = receive.recv()
        except (EOFError, OSError):
            found = None
        process.join()
        receive.close()
        return found

    return wait


def _child(send: Connection, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        send.send(work(*args))
    finally:
        send.close()
