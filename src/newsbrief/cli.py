"""The command line: thin commands that build one object, call it once, and turn a
NewsbriefError into one line on stderr (exit 1); usage errors exit 2."""

from __future__ import annotations

import importlib
import sys

import click

from newsbrief import __version__

# Sub-commands live one module each in newsbrief.commands; (module, attribute) pairs.
COMMANDS = (
    ("brief", "brief"),
    ("evaluate", "eval_group"),
    ("cluster", "cluster"),
    ("facts", "facts"),
    ("ingest", "ingest"),
    ("feeds", "feeds_group"),
    ("feeds", "update"),
    ("articles", "articles"),
    ("articles", "search"),
    ("stories", "stories"), ("stories", "story"), ("stories", "storyline"),
    ("serve", "serve"),
    ("batch", "batch"), ("batch", "load"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsbrief")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """newsbrief: faithful, sourced story briefs from a stream of news."""
    ctx.obj = {"debug": debug}


for _module, _attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(f"newsbrief.commands.{_module}"), _attr))


def main() -> None:
    """Console-script entry point."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("newsbrief: interrupted", err=True)
        sys.exit(130)
