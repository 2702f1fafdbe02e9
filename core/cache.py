"""Caches for outputs that are slow to build and change rarely.

`cached_file` keeps printed documents on disk under instance/cache/, named by what they are and the
version they show; building a new version removes the old ones. Several workers may build the same
file at once: each writes to a temporary name and renames it into place, so a reader never sees half
a file.

`remembered` keeps built bytes (pages, feeds) in this process's memory, keyed by their version and the
language they are built in (whatever the caller's key says: a French answer is never given to an English
reader), and forgets the least recently used first. Each worker has its own: nothing to invalidate, since
a new version is a new key.
"""
from collections import OrderedDict
import hashlib
import os
from pathlib import Path
import tempfile
import threading
from typing import Callable

from flask import current_app
from flask_babel import get_locale


def cached_file(kind: str, version: str, build: Callable[[], bytes]) -> bytes:
    folder = Path(current_app.instance_path) / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}.{hashlib.sha1(version.encode()).hexdigest()[:16]}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = build()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{kind}.")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)
    for old in folder.glob(f"{kind}.*"):
        if old != path:
            old.unlink(missing_ok=True)
    return data


#: At most this many entries and this many bytes are remembered per process.
MAX_ENTRIES = 256
MAX_BYTES = 64 * 1024 * 1024
_remembered: "OrderedDict[tuple, bytes]" = OrderedDict()
_size = 0
_lock = threading.Lock()


def _in_language(key: tuple) -> tuple:
    return (*key, str(get_locale()))


def remembered(key: tuple, build: Callable[[], bytes]) -> bytes:
    global _size
    key = _in_language(key)
    with _lock:
        if key in _remembered:
            _remembered.move_to_end(key)
            return _remembered[key]
    data = build()
    with _lock:
        if key not in _remembered:
            _remembered[key] = data
            _size += len(data)
        while len(_remembered) > MAX_ENTRIES or _size > MAX_BYTES:
            _old_key, old = _remembered.popitem(last=False)
            _size -= len(old)
    return data


def recall(key: tuple) -> bytes | None:
    """What was remembered under `key`, without building anything."""
    key = _in_language(key)
    with _lock:
        data = _remembered.get(key)
        if data is not None:
            _remembered.move_to_end(key)
        return data


def forget_everything() -> None:
    """For tests: start from an empty memory."""
    global _size
    with _lock:
        _remembered.clear()
        _size = 0
