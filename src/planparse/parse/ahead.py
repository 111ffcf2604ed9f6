"""Work done ahead on a second core: a forked copy of the process computes the values of a
list of keys, in order, and streams each back as it is done, while this process goes on with
its own work and asks for a value when it needs it (:meth:`Ahead.wait`).

The values must be what this process would compute itself for the same keys, from what it
held at the fork (the child sees a copy of it): then whatever arrives, or does not, the
result is the same, only sooner. The GBK repair uses it for its candidate tables, which
depend on the document's character model alone (:mod:`.mojibake`).

Callers ask :func:`usable` first (an :class:`Ahead` given keys forks whatever it is asked):
it says yes only where a helper can help and cannot harm — Linux (``os.fork``), two cores or
more for this process, one thread, native ones counted (a fork copies only the calling thread:
a lock another thread holds would stay locked in the child; so a Dask worker, which runs
several, has none), and :data:`ENABLED` (the local pool's workers, which share the cores among
themselves already, switch it off).
"""
from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import sys
from collections.abc import Callable, Hashable

from ..rules import cache

ENABLED = True  # switched off in processes that already share the cores (a batch's workers)
_HEADER = struct.Struct("<I")  # a message's length, before its pickled (key, value)
READ = 1 << 16  # bytes read from the pipe at a time
PATIENCE = 1.0  # seconds this process waits for the helper's next message before going on alone
MISSING = object()  # what :meth:`Ahead.wait` returns for a value the helper does not give


def usable() -> bool:
    """Can a forked helper run beside this process on a core of its own?"""
    if not ENABLED or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False  # (elsewhere a fork without exec is not safe: macOS's system libraries)
    try:  # every thread of the process, native ones too (DuckDB's, OpenBLAS's): threading sees its own
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        threads = threading.active_count()
    if threads != 1:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


class Ahead:
    """A forked helper computing ``compute(key)`` for each of ``keys`` in order. Used as a
    context manager: on leaving, the helper is stopped, whatever it had left to do."""

    def __init__(self, keys: list[Hashable], compute: Callable[[Hashable], object]):
        self.keys, self.compute = keys, compute
        self.pid: int | None = None
        self.fd: int | None = None
        self.buffer = b""
        self.pending: set[Hashable] = set()  # keys the helper has yet to send
        self.arrived: dict[Hashable, object] = {}  # values sent and not yet asked for
        self.poll: select.poll | None = None

    def __enter__(self) -> Ahead:
        if not self.keys:
            return self
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return self
        # no ^C between the fork and the bookkeeping: the helper must never return into the
        # caller's code, and this process must know the helper's pid and close its fds
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            pid = os.fork()
        except (OSError, RuntimeError):  # (RuntimeError: a subinterpreter, or at shutdown)
            os.close(read_end)
            os.close(write_end)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            return self
        if pid == 0:  # the helper: never returns
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # a ^C ends it at once, running no Python
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(read_end)
                self._serve(write_end)
            finally:
                os._exit(1)
        self.pid, self.fd = pid, read_end
        self.pending = set(self.keys)
        try:
            os.close(write_end)
            os.set_blocking(read_end, False)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # (a ^C that came meanwhile is raised here)
        except BaseException:
            self._stop()
            raise
        return self

    def _serve(self, fd: int) -> None:
        gc.disable()  # (no finaliser of this process's garbage runs in the helper)
        os.environ["PLANPARSE_CACHE_DIR"] = cache.OFF  # (nor does it write planparse's cache: a helper
        # stopped while writing a file would leave it half written)
        status = 0
        try:
            with os.fdopen(fd, "wb") as pipe:
                for key in self.keys:
                    body = pickle.dumps((key, self.compute(key)), protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.write(_HEADER.pack(len(body)) + body)
                    pipe.flush()
        except BaseException:  # (the parent gone, or anything else: the parent computes what it lacks)
            status = 1
        os._exit(status)  # (no atexit handlers, no flushing of the parent's buffers)

    def wait(self, key: Hashable) -> object:
        """The helper's value for ``key``, waiting for it (the helper works through its keys in
        order, so it is at or past the one asked, if this process asks in the same order);
        :data:`MISSING` when the helper has no such key, has ended without it, or takes longer
        than :data:`PATIENCE` (then it is stopped: this process computes the rest itself)."""
        if key in self.arrived:
            return self.arrived.pop(key)
        if self.fd is None or key not in self.pending:
            return MISSING
        if self.poll is None:
            self.poll = select.poll()  # (not select(): it refuses a descriptor past 1023)
            self.poll.register(self.fd, select.POLLIN)
        poll = self.poll
        while key not in self.arrived:
            ready = poll.poll(PATIENCE * 1000)
            if not ready or not self._read():
                self._stop()
                break
        return self.arrived.pop(key, MISSING)

    def _read(self) -> bool:
        """Read what the pipe holds into :attr:`arrived`; False when the helper has ended, or
        sent a spoilt message (nothing more is taken from it)."""
        assert self.fd is not None
        alive = True
        while alive:
            try:
                chunk = os.read(self.fd, READ)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # (the helper is done, or died: what came is all there is)
                alive = False
            self.buffer += chunk
            start = 0  # (the whole messages of the buffer, taken without copying the rest each time)
            while len(self.buffer) - start >= _HEADER.size:
                (size,) = _HEADER.unpack_from(self.buffer, start)
                end = start + _HEADER.size + size
                if len(self.buffer) < end:
                    break
                try:
                    key, value = pickle.loads(self.buffer[start + _HEADER.size:end])
                except Exception:  # (a message spoilt: take nothing more from this helper)
                    return False
                self.arrived[key] = value
                self.pending.discard(key)
                start = end
            self.buffer = self.buffer[start:]
        return alive

    def _stop(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.pending = set()
        self.poll = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None

    def __exit__(self, *exc) -> None:
        self._stop()
