"""Configuration: where it is found, and what is rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from decompose.config import Config, load_config
from decompose.errors import ConfigError


def test_defaults_when_there_is_no_config(tmp_path: Path) -> None:
    assert load_config(tmp_path) == (Config(), None)


def test_decompose_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "decompose.toml").write_text('dialect = "mysql"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.decompose]\ndialect = "postgres"\n')
    config, source = load_config(tmp_path)
    assert config.dialect == "mysql" and source is not None and source.endswith("decompose.toml")


def test_pyproject_table_with_service_pins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.decompose]\nexclude = ["**/tests/**"]\n'
        '[tool.decompose.services.billing]\ntables = ["invoice*"]\nmodules = ["shop.billing.*"]\n'
    )
    config, _ = load_config(tmp_path)
    assert config.exclude == ["**/tests/**"]
    assert config.services["billing"].tables == ["invoice*"]


def test_a_foreign_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert load_config(tmp_path)[0] == Config()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour = 1\n", "colour: unknown key"),
        ('dialect = "cobol"\n', "dialect: Input should be"),
        ("[services.x]\ntabels = []\n", "services.x.tabels: unknown key"),
        ("max_file_size = -1\n", "max_file_size"),
    ],
)
def test_invalid_configs_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "decompose.toml").write_text(text)
    with pytest.raises(ConfigError, match=expected.replace(".", r"\.")):
        load_config(tmp_path)
