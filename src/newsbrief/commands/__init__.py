"""One module per command (group); each registers in newsbrief.cli.COMMANDS."""
