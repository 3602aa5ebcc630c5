"""Generate docs/cli.md from the commands' --help, and docs/settings.md from the settings table.
Run `python -m mlopskg.docs` (or `make docs`); tests/test_docs.py fails when they are out of date."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from .cli import app
from .settings import SETTINGS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def cli_reference() -> str:
    runner = CliRunner()
    parts = ["# Command-line reference", "", "Generated from `mlopskg --help` by `make docs`; do not edit.", ""]
    parts += ["```", runner.invoke(app, ["--help"], terminal_width=100, prog_name="mlopskg").output.rstrip(), "```", ""]
    for name in sorted(get_command(app).commands):
        help_text = runner.invoke(app, [name, "--help"], terminal_width=100, prog_name="mlopskg").output.rstrip()
        parts += [f"## mlopskg {name}", "", "```", help_text, "```", ""]
    return "\n".join(parts)


def settings_reference() -> str:
    lines = ["# Settings", "",
             "Every setting has a default and can be overridden by an environment variable; `mlopskg settings`",
             "shows the current values. Generated from `mlopskg/settings.py` by `make docs`; do not edit.", "",
             "| setting | environment variable | default | meaning |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = s.default if not str(s.default).startswith("/") else "(inside the project)"
        lines.append(f"| `{s.name}` | `MLOPSKG_{s.name.upper()}` | `{default}` | {s.help} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    (DOCS / "cli.md").write_text(cli_reference(), encoding="utf-8")
    (DOCS / "settings.md").write_text(settings_reference(), encoding="utf-8")


if __name__ == "__main__":
    main()
