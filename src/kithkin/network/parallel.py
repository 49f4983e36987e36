"""Row blocks on every core: this process and forked workers, results in order.

scipy's sparse product holds the GIL, so threads would not use the second core;
forked processes share the graph's arrays without copying them. This process
computes blocks too (no core waits on a process that only collects), workers
claim blocks from a shared counter (a slow block does not hold the others
up), and each worker sends its results down its own pipe, read on a thread
here as they come — so a worker never waits on a full pipe, and one that dies
(even halfway through a result) ends its pipe: an error, never a hang.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

import numpy as np

#: Fewer blocks than this run in this process: forking costs more than it saves.
PARALLEL_BLOCKS = 8

Progress = Callable[[int, int], None]


def run_blocks(
    job: Callable[[np.ndarray], Any], parts: Sequence[np.ndarray], *, workers: int | None = None,
    progress: Progress | None = None,
) -> Generator[Any, None, None]:  # fmt: skip
    """``job(rows)`` for each block, results in order, on ``workers`` processes (default: every core).

    This process is one of the workers and forks the others, so ``job`` and
    the arrays it closes over are shared, not pickled, and no core waits on a
    process that only collects; only each block's result travels back. Blocks
    are claimed one at a time from a shared counter, so a slow block does not
    hold the others up. ``progress(done, total)`` is called with people done
    as results come out, in order.
    """
    total = sum(len(p) for p in parts)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if (
        count <= 1
        or len(parts) < PARALLEL_BLOCKS
        or multiprocessing.current_process().daemon
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        results: Iterator[Any] = map(job, parts)
    else:
        results = _forked(job, parts, count)
    done = 0
    try:
        for rows, result in zip(parts, results, strict=True):
            done += len(rows)
            if progress is not None:
                progress(done, total)
            yield result
    finally:  # closed early (the caller stopped or failed): stop the workers now, not when collected
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _claim(counter: Any, size: int) -> int | None:
    """The next unclaimed block, or None when all are taken."""
    with counter.get_lock():
        index = int(counter.value)
        counter.value = index + 1
    return index if index < size else None


def _work(job: Callable[[np.ndarray], Any], parts: Sequence[np.ndarray], counter: Any, out: Connection) -> None:
    """A forked worker: claim blocks until none are left, sending each result back as soon as it is done,
    then ``(-1, None)``; a failure is sent as ``(-2, message)``."""
    try:
        while (index := _claim(counter, len(parts))) is not None:
            out.send((index, job(parts[index])))
        out.send((-1, None))
    except BaseException as error:  # reported to the parent, which raises it
        with contextlib.suppress(BaseException):
            out.send((-2, f"{type(error).__name__}: {error}"))
    finally:
        out.close()


class _Results:
    """Results of the forked workers, read by a thread of the parent as they come.

    Each worker has its own pipe, whose only writing end is the worker's: a
    worker that dies — even halfway through sending a result — closes it, and
    the reading side sees the end of the pipe instead of waiting forever. The
    thread keeps reading while the parent computes blocks of its own, so no
    worker waits on a full pipe.
    """

    def __init__(self, pipes: list[Connection]) -> None:
        self.ready: dict[int, Any] = {}
        self.failure: str | None = None
        self.open = len(pipes)
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, args=(pipes,), daemon=True)
        self.reader.start()

    def _read(self, pipes: list[Connection]) -> None:
        waiting = list(pipes)
        while waiting:
            for pipe in wait(waiting):
                assert isinstance(pipe, Connection)
                try:
                    index, result = pipe.recv()
                except (EOFError, OSError):  # the worker stopped without saying it was done
                    index, result = -2, "a worker process stopped without finishing its blocks"
                if index < 0:
                    waiting.remove(pipe)
                    pipe.close()
                with self.changed:
                    if index >= 0:
                        self.ready[index] = result
                    elif index == -2:
                        self.failure = self.failure or str(result)
                    if index < 0:
                        self.open -= 1
                    self.changed.notify_all()

    def put(self, index: int, result: Any) -> None:
        with self.changed:
            self.ready[index] = result

    def take(self, index: int, *, wait_for_it: bool) -> tuple[bool, Any]:
        """The result of block ``index`` if it is there (waiting for it with ``wait_for_it``); raises if a
        worker failed."""
        with self.changed:
            while True:
                if self.failure is not None:
                    raise RuntimeError(f"a worker process failed: {self.failure}")
                if index in self.ready:
                    return True, self.ready.pop(index)
                if not wait_for_it:
                    return False, None
                if not self.open:
                    raise RuntimeError("the worker processes finished with blocks missing")
                self.changed.wait(timeout=1.0)


def _forked(job: Callable[[np.ndarray], Any], parts: Sequence[np.ndarray], count: int) -> Generator[Any, None, None]:
    """Results of ``job`` over ``parts`` in order, computed here and in ``count - 1`` forked workers."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    children, pipes = [], []
    for _ in range(count - 1):
        reading, writing = context.Pipe(duplex=False)
        child = context.Process(target=_work, args=(job, parts, counter, writing), daemon=True)
        child.start()
        writing.close()  # the child's copy is now the only one: its death ends the pipe
        children.append(child)
        pipes.append(reading)
    results = _Results(pipes)  # the reading thread starts after the forks, never copied into a child
    following = 0
    try:
        while (index := _claim(counter, len(parts))) is not None:
            results.put(index, job(parts[index]))
            while following < len(parts):
                found, result = results.take(following, wait_for_it=False)
                if not found:
                    break
                yield result
                following += 1
        while following < len(parts):
            yield results.take(following, wait_for_it=True)[1]
            following += 1
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        results.reader.join(timeout=5)
