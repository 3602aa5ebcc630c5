"""The docs stay true to the code: generated references are current, every setting and command is
documented, every command has an example."""

from __future__ import annotations

from typer.main import get_command

from mlopskg.cli import app
from mlopskg.docs import DOCS, cli_reference, settings_reference
from mlopskg.settings import SETTINGS

from .conftest import ROOT


def test_cli_reference_is_current():
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), "run `make docs`"


def test_settings_reference_is_current():
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert text == settings_reference(), "run `make docs`"
    assert all(f"MLOPSKG_{s.name.upper()}" in text for s in SETTINGS)


def test_every_command_has_an_example():
    for name, command in get_command(app).commands.items():
        assert "Example: mlopskg" in (command.help or ""), name


def test_readme_shows_the_two_commands_and_links_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    for target in ("docs/images/ask.png", "docs/benchmarks.md", "docs/cli.md", "docs/settings.md",
                   "docs/ontology.md", "data/README.md", "ontology/mlops.ttl"):
        assert target in readme and (ROOT / target).exists(), target
