"""Files on disk: atomic writes that never leave a torn or half-replaced file, and one-line
reasons for OS errors. Shared by export, the online cache and the gazetteer builder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from geo.errors import OutputError


def reason(exc: BaseException, limit: int = 160) -> str:
    """One short human line for an error: the OS's wording when there is one."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    lines = [line for line in str(text).splitlines() if line.strip()] or [type(exc).__name__]
    line = " ".join(lines[0].split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write one file through a temporary file and a rename: never a torn file."""
    path = Path(path)
    write_outputs(path.parent, {path.name: data})


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def check_output_folder(folder: str | os.PathLike[str]) -> None:
    """Fail early, before any work, when `folder` can obviously not be written.

    Nothing is created; write_outputs still reports whatever goes wrong later.
    """
    folder = Path(folder)
    probe = folder
    while not probe.exists():
        if probe.is_symlink():
            raise OutputError(f"{folder}: {probe} is a broken symbolic link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        if probe == folder:
            raise OutputError(f"{folder}: exists and is not a folder")
        raise OutputError(f"{folder}: cannot create the output folder ({probe} is a file)")
    if probe.is_dir() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: cannot write here (permission denied on {probe})")


def write_outputs(
    folder: str | os.PathLike[str], files: Mapping[str, bytes | Path]
) -> list[Path]:
    """Write several files so that a failure leaves every previous file untouched.

    A value is the file's content, or the Path of a file staged elsewhere (copied in chunks,
    so a large streamed output never has to sit in memory).

    All files are staged as temporaries in `folder` first; only when every one is on disk are
    they renamed into place. Each file being replaced is kept under a hard-linked (or copied)
    backup name until all renames succeed, so a failure half-way through the renames puts the
    old files back, byte for byte and with their old timestamps. No temporary file survives,
    and a folder created for this run is removed again when the run fails.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    created = _missing_parents(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_created(created)
        raise OutputError(f"{folder}: cannot create the output folder ({reason(exc)})") from None
    temporaries: list[Path] = []
    staged: list[tuple[Path, Path]] = []  # (target, new content)
    backups: dict[Path, Path] = {}  # target -> its previous content
    replaced: list[Path] = []
    done = False
    try:
        for name, data in files.items():
            target = folder / name
            try:
                fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            except OSError as exc:
                raise OutputError(f"{folder}: cannot write here ({reason(exc)})") from None
            temporaries.append(Path(tmp_name))
            staged.append((target, Path(tmp_name)))
            try:
                with os.fdopen(fd, "wb") as fh:
                    if isinstance(data, Path):
                        with open(data, "rb") as source:
                            shutil.copyfileobj(source, fh, 1 << 20)
                    else:
                        fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp_name, 0o644)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write ({reason(exc)})") from None
        for target, _ in staged:
            if target.is_dir():
                raise OutputError(f"{target}: is a folder; cannot replace it with a file")
            if target.exists():
                backup = _backup(target, folder)
                temporaries.append(backup)
                backups[target] = backup
        for target, tmp in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(f"{target}: cannot write ({reason(exc)})") from None
            replaced.append(target)
        _fsync_folder(folder)
        done = True
    except OSError as exc:  # anything not reported more precisely above
        raise OutputError(f"{folder}: cannot write ({reason(exc)})") from None
    finally:
        if not done:
            _roll_back(replaced, backups)
        for tmp in temporaries:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        if not done:
            _remove_created(created)
    return [target for target, _ in staged]


def _backup(target: Path, folder: Path) -> Path:
    """A second name for `target`'s current content, in the same folder."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=folder)
    os.close(fd)
    backup = Path(tmp)
    try:
        backup.unlink()
        os.link(target, backup)  # same inode: same bytes, same timestamps, no copying
    except OSError:
        try:
            shutil.copy2(target, backup)  # file systems without hard links
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise OutputError(f"{target}: cannot keep a backup ({reason(exc)})") from None
    return backup


def _roll_back(replaced: list[Path], backups: dict[Path, Path]) -> None:
    """Put back what was there before the renames began (best effort: we are failing already)."""
    for target in reversed(replaced):
        try:
            if target in backups:
                os.replace(backups[target], target)
            else:
                target.unlink(missing_ok=True)  # the run created it
        except OSError:
            pass


def _missing_parents(folder: Path) -> list[Path]:
    """The folders that mkdir(parents=True) would create, deepest first."""
    missing = []
    probe = folder
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    return missing


def _remove_created(created: list[Path]) -> None:
    for path in created:
        try:
            path.rmdir()  # only when empty: never removes anything but our own folder
        except OSError:
            return


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
