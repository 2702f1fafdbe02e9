"""A small file cache for outputs that are slow to build and change rarely (printed programmes).

Files live under instance/cache/, named by what they are and the version they show; building a new
version removes the old ones. Several workers may build the same file at once: each writes to a
temporary name and renames it into place, so a reader never sees half a file.
"""
import hashlib
import os
from pathlib import Path
import tempfile
from typing import Callable

from flask import current_app


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
