"""The registry of ingested sources: build/ingested/manifest.json and a copy of each file, so that every
build (and every rebuild after `mlopskg build`) includes them as named graphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass
class Entry:
    name: str
    file: str          # the path it was ingested from
    stored: str        # the copy under build/ingested/
    kind: str          # record kind for CSV rows; "rdf", "bibtex" or "records" otherwise
    sha256: str
    ingested: str      # ISO time
    skip_invalid: bool = False   # invalid records are left out at every rebuild, as when it was ingested


class Registry:
    def __init__(self, build_dir: Path):
        self.folder = Path(build_dir) / "ingested"
        self.manifest = self.folder / "manifest.json"

    def entries(self) -> dict[str, Entry]:
        if not self.manifest.exists():
            return {}
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
            return {name: Entry(**entry) for name, entry in data.items()}
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(f"the ingest manifest {self.manifest} is damaged ({exc}); remove it and ingest again") from None

    @staticmethod
    def candidate(path: Path, name: str | None, kind: str, skip_invalid: bool = False) -> Entry:
        path = Path(path)
        if not path.is_file():
            raise InputError(f"no file at {path}")
        name = name or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        if not NAME.match(name) or name == "curated":
            raise InputError(f"graph name {name!r} must be lower-case letters, digits and '-' (and not 'curated')")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        return Entry(name, str(path.resolve()), str(path.resolve()), kind, digest, now, skip_invalid)

    def save(self, entry: Entry) -> Entry:
        """Keep a copy of the file and record it (written atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{entry.name}{Path(entry.file).suffix.lower()}"
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(entry.file, tmp)
        os.replace(tmp, target)
        entry.stored = str(target)
        entries = self.entries()
        entries[entry.name] = entry
        self._write(entries)
        return entry

    def remove(self, name: str) -> Entry:
        entries = self.entries()
        if name not in entries:
            raise InputError(f"no ingested graph named {name!r}; `mlopskg graphs` lists them")
        entry = entries.pop(name)
        self._write(entries)
        Path(entry.stored).unlink(missing_ok=True)
        return entry

    def _write(self, entries: dict[str, Entry]) -> None:
        tmp = self.manifest.with_name("manifest.json.tmp")
        tmp.write_text(json.dumps({n: asdict(e) for n, e in entries.items()}, indent=2), encoding="utf-8")
        os.replace(tmp, self.manifest)
