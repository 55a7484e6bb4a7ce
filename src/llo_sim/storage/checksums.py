"""Checksums of the files a result folder holds, so that what is read back is what was
written.

The JSON file of a result folder (``run.json``, ``compare.json``, ``check.json``) records
``"kind"`` (what the folder is), ``"checksums"`` (the SHA-256 of every other file it wrote)
and ``"json_sha256"`` (the SHA-256 of its own other keys as canonical JSON: sorted keys, no
spaces). :func:`read_sealed` reads such a file back and refuses, in one line, one that is not
JSON, not UTF-8, of another kind, or changed since it was written; :func:`verify_file` checks a
file against the checksum recorded for it. Files from before the checksums (no
``json_sha256``, no ``checksums``) are read without them; the reader then checks their shape.

SHA-256 finds damage (a disk, a copy, an edit by hand), not a forger: whoever can rewrite a
file can rewrite its checksum too.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from llo_sim.errors import LloSimError
from llo_sim.storage.folders import to_json

SEAL = "json_sha256"
LABELS = {"run": "a run", "compare": "a comparison", "check": "a check",
          "optimise": "an optimisation"}


class DamagedFile(LloSimError, ValueError):
    """A result file that cannot be read back as written."""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def canonical(data) -> bytes:
    """``data`` as canonical JSON (sorted keys, no spaces, ASCII): what a checksum covers."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=True).encode("ascii")


def data_sha256(data) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def checksums(folder: Path, names) -> dict[str, str]:
    """``{name: SHA-256}`` of the files ``names`` in ``folder`` (those that exist)."""
    return {n: file_sha256(folder / n) for n in sorted(names) if (folder / n).is_file()}


def seal(kind: str, data: dict, files: dict[str, str] | None = None) -> dict:
    """``data`` with ``kind`` first, the ``files`` checksums and its own checksum last.
    numpy numbers become the numbers they hold (as :func:`to_json` writes them)."""
    plain = json.loads(to_json(data))
    out = {"kind": kind, **{k: v for k, v in plain.items() if k not in ("kind", SEAL)}}
    if files is not None:
        out["checksums"] = dict(files)
    out[SEAL] = data_sha256(out)
    return out


def read_sealed(path: Path, kind: str, redo: str) -> dict:
    """Read the JSON file ``path`` of a result of ``kind``; ``redo`` says how to get a sound
    one (``run `llo-sim run ...` again``). Damage is a :class:`DamagedFile` in one line."""
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        raise DamagedFile(f"{path}: cannot be read ({exc.strerror or exc}); {redo}") from None
    except ValueError as exc:          # JSONDecodeError, UnicodeDecodeError
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
        raise DamagedFile(f"{path}: damaged ({reason}); {redo}") from None
    label = LABELS.get(kind, kind)
    if not isinstance(data, dict):
        raise DamagedFile(f"{path}: not the {Path(path).name} of an llo-sim "
                          f"{label.split(' ', 1)[1]} (a JSON {type(data).__name__}); {redo}")
    found = data.get("kind", kind)
    if found != kind:
        raise DamagedFile(f"{path}: holds {LABELS.get(found, repr(found))}, not {label}; "
                          f"{redo}")
    if SEAL in data:
        claimed = data.pop(SEAL)
        if data_sha256(data) != claimed:
            raise DamagedFile(f"{path}: does not match its checksum (changed or damaged since "
                              f"it was written); {redo}")
    return data


def verify_file(path: Path, recorded: dict, record: Path, redo: str) -> None:
    """Check ``path`` against its checksum in ``recorded`` (the ``checksums`` of the JSON file
    ``record``); a missing entry in a file that records checksums is damage too."""
    expected = recorded.get(Path(path).name)
    try:
        actual = file_sha256(path)
    except OSError as exc:
        raise DamagedFile(f"{path}: cannot be read ({exc.strerror or exc}); {redo}") from None
    if expected != actual:
        raise DamagedFile(f"{path}: does not match its checksum in {record.name} (changed or "
                          f"damaged since the run); {redo}")
