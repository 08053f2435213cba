"""Settings are declared once (settings.SETTINGS); the README documents each with its default."""

from newsbrief.settings import SETTINGS
from tests.conftest import ROOT


def test_every_setting_is_documented_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{s.name}`")), None)
        assert row is not None, f"{s.name} missing from the README settings table"
        assert f"`{s.default}`" in row, f"{s.name}: README default differs from {s.default!r}"


def test_documented_settings_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = {s.name for s in SETTINGS}
    for line in readme.splitlines():
        if line.startswith("| `NEWSBRIEF_"):
            assert line.split("`")[1] in names
