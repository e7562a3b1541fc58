"""A model store on disk that loads only the artifacts it signed itself.

Unpickling runs code chosen by whoever wrote the file, so a pickle from anywhere else is as
dangerous as running their script. Each artifact is therefore signed with HMAC-SHA256 under
a random key kept in the store folder (`.store-key`, readable by its owner only), and the
signature is checked before anything is unpickled. One artifact is one file:

    cq4ds-model/1 <signature hex>\\n<metadata JSON>\\n<pickle bytes>

The signature covers everything after the first line, so a flipped byte, a truncated file,
a foreign pickle or an artifact signed by another store is refused.

The key is only as safe as its file: one that someone else planted, owns, can write or can
read would let them sign a model of their own. So the key is created 0600 and, before every
save and load, refused unless it is a regular file (never a symbolic link, which is not
followed), owned by this user and neither readable nor writable by anyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import platform
import re
import stat
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from cq4ds.adapters.atomic import write_atomic
from cq4ds.domain import ModelStoreError
from cq4ds.params import param

FORMAT = b"cq4ds-model/1"
KEY_FILE = ".store-key"
SUFFIX = ".model"
PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,99}")
NOT_TRUSTED_FIX = (
    "unpickling a file this store did not write can run arbitrary code, so it is never loaded; "
    "retrain the model and save it with this store (never copy model files in from elsewhere)"
)


@dataclass(kw_only=True)
class FileModelStore:
    """Keeps trained models as signed files in a folder and loads only its own."""

    folder: str = param("models", help="folder holding the model files and the store's signing key")

    def save(self, name: str, model: Any, metadata: dict[str, Any]) -> str:
        """Store `model` with its metadata under `name`, replacing any model of that name; return the file path.

        Raises:
            ModelStoreError: the name is not plain, the metadata is not JSON or the model cannot be pickled.
        """
        path = self._path(name)
        try:
            header = json.dumps({"metadata": metadata, "versions": library_versions()}, sort_keys=True)
        except (TypeError, ValueError) as error:
            raise ModelStoreError(f"model {name!r}: the metadata cannot be saved as JSON ({error})",
                                  "pass plain values: text, numbers, booleans, lists and dicts") from error
        try:
            body = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise ModelStoreError(f"model {name!r} cannot be pickled ({error})",
                                  "save the fitted estimator itself, without lambdas or open files") from error
        payload = header.encode() + b"\n" + body
        signature = hmac.new(self._key(create=True), payload, hashlib.sha256).hexdigest().encode()
        write_atomic(path, FORMAT + b" " + signature + b"\n" + payload)
        return str(path)

    def load(self, name: str) -> tuple[Any, dict[str, Any]]:
        """Return the model saved as `name` and its metadata (with a "versions" entry), after checking its signature.

        Raises:
            ModelStoreError: no such model; the file is not signed by this store; it was trained
                with another scikit-learn version; or the classes it needs no longer exist.
        """
        path = self._path(name)
        if not path.is_file():
            available = ", ".join(self.names()) or "none yet"
            raise ModelStoreError(f"no model named {name!r} in {self.folder} (available: {available})",
                                  "use one of the available names, or train and save the model first")
        first_line, _, payload = path.read_bytes().partition(b"\n")
        expected = hmac.new(self._key(create=False), payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(first_line, FORMAT + b" " + expected):
            raise ModelStoreError(f"{path} is not a model this store signed (it was changed, cut short, "
                                  "or written by someone or something else)", NOT_TRUSTED_FIX)
        header, _, body = payload.partition(b"\n")
        document = json.loads(header)
        _check_versions(name, document["versions"])
        try:
            model = pickle.loads(body)  # safe: the signature proves this store wrote these bytes
        except Exception as error:
            raise ModelStoreError(f"model {name!r} could not be rebuilt ({type(error).__name__}: {error})",
                                  "the code it was saved with has changed since; retrain and save it again") from error
        return model, {**document["metadata"], "versions": document["versions"]}

    def names(self) -> list[str]:
        """The stored models' names, sorted."""
        folder = Path(self.folder)
        stems = (path.stem for path in folder.glob(f"*{SUFFIX}")) if folder.is_dir() else ()
        return sorted(stem for stem in stems if PLAIN_NAME.fullmatch(stem))

    def _path(self, name: str) -> Path:
        check_model_name(name)
        return Path(self.folder) / f"{name}{SUFFIX}"

    def _key(self, *, create: bool) -> bytes:
        path = Path(self.folder) / KEY_FILE
        if create:
            _create_key(path)
        try:
            key = _read_key(path)
        except FileNotFoundError:
            raise ModelStoreError(f"{self.folder} has no signing key ({KEY_FILE}), so none of its files can be "
                                  "trusted", NOT_TRUSTED_FIX) from None
        if len(key) != 32:
            raise ModelStoreError(f"the signing key {path} is damaged", f"delete it and {NOT_TRUSTED_FIX}")
        return key


def library_versions() -> dict[str, str]:
    """The versions a pickled model depends on, recorded with every model."""
    return {"python": platform.python_version(), "numpy": version("numpy"), "scikit-learn": version("scikit-learn")}


def check_model_name(name: str) -> None:
    """Raise ModelStoreError unless `name` is a plain name, so it can never point outside the store."""
    if not isinstance(name, str) or not PLAIN_NAME.fullmatch(name):
        raise ModelStoreError(f"model name {name!r} is not a plain name",
                              "use letters, digits, '_' and '-' only (no '/', '\\' or '..'), e.g. 'logreg_v2'")


def _create_key(path: Path) -> None:
    """Create a random 32-byte key readable by its owner only, unless one exists (never replace a key)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL, not a rename: two first saves at once must not end with two different keys
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # a key, or something planted in its place: `_read_key` checks it
        return
    if hasattr(os, "fchmod"):
        os.fchmod(handle, 0o600)  # exactly 0600, whatever the umask
    with os.fdopen(handle, "wb") as file:
        file.write(os.urandom(32))
        file.flush()
        os.fsync(file.fileno())


def _read_key(path: Path) -> bytes:
    """The key in `path`, read without following a symbolic link, once `_check_key` trusts the file.

    Raises:
        FileNotFoundError: there is no key.
        ModelStoreError: the key file could have been written or read by someone else.
    """
    _check_key(path, os.lstat(path))
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if not isinstance(error, FileNotFoundError):  # swapped for a link since the check (O_NOFOLLOW refuses it)?
            _check_key(path, os.lstat(path))
        raise
    with os.fdopen(handle, "rb") as file:
        _check_key(path, os.fstat(file.fileno()))  # the file actually opened, should it have been swapped
        return file.read()


def _check_key(path: Path, info: os.stat_result) -> None:
    """Raise ModelStoreError unless `info` (from lstat or fstat) describes a key only this user can write or read."""
    mode = stat.S_IMODE(info.st_mode)
    forge = "could forge a model that runs code when it is loaded"
    if stat.S_ISLNK(info.st_mode):
        problem = f"is a symbolic link, so whoever controls the file it points to {forge}"
    elif not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file, so it cannot be trusted to sign models"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = (f"belongs to another user (uid {info.st_uid}; this process runs as uid {os.getuid()}), "
                   f"so they {forge}")
    elif os.name == "posix" and mode & 0o022:
        problem = f"is writable by other users (mode {mode:04o}), so anyone {forge}"
    elif os.name == "posix" and mode & 0o044:
        problem = f"is readable by other users (mode {mode:04o}), so anyone {forge}"
    else:
        return
    fix = (f"delete {path} and the models signed with it ({path.parent / ('*' + SUFFIX)}), then train and save them "
           "again: the next save creates a new private key")
    if stat.S_ISREG(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
        fix += f" (chmod 600 {path} is enough only if you are sure nobody else has changed or read it)"
    raise ModelStoreError(f"the model store's signing key {path} {problem}", fix)


def _check_versions(name: str, saved: dict[str, str]) -> None:
    trained_with, installed = saved.get("scikit-learn"), library_versions()["scikit-learn"]
    if trained_with != installed:
        raise ModelStoreError(f"model {name!r} was trained with scikit-learn {trained_with} but {installed} is "
                              "installed, and pickled models only load reliably in the version that saved them",
                              f"retrain the model and save it again (or install scikit-learn {trained_with})")
