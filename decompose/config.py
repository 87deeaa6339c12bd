"""The user's configuration: `decompose.toml`, `[tool.decompose]` in pyproject.toml, or --config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decompose.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Dialect = Literal[
    "postgres",
    "mysql",
    "sqlite",
    "tsql",
    "oracle",
    "duckdb",
    "bigquery",
    "snowflake",
    "redshift",
    "spark",
    "hive",
    "trino",
    "presto",
    "clickhouse",
]


class ServicePin(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tables: list[str] = Field(default_factory=list, description="Table name globs pinned here.")
    modules: list[str] = Field(default_factory=list, description="Module name globs pinned here.")


class Config(BaseModel):
    """Validated configuration. Unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    include: list[str] = Field(
        default_factory=list, description="Path globs to analyse (all if empty)."
    )
    exclude: list[str] = Field(default_factory=list, description="Path globs to leave out.")
    dialect: Dialect | None = Field(default=None, description="SQL dialect; detected when unset.")
    max_file_size: int = Field(default=20_000_000, gt=0, description="Larger files are skipped.")
    git_max_commits: int = Field(
        default=2000, ge=0, description="Commits read for co-change (0: none)."
    )
    git_since: str | None = Field(
        default=None,
        description="Only commits after this date (git's --since), e.g. '2 years ago'.",
    )
    services: dict[str, ServicePin] = Field(default_factory=dict, description="Service pins.")


def load_config(root: Path, explicit: Path | None = None) -> tuple[Config, str | None]:
    """The config for an analysed root, and where it came from (None for the defaults)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), "no such file")
        data = _read_toml(explicit)
        table = (
            data.get("tool", {}).get("decompose", data)
            if explicit.name == "pyproject.toml"
            else data
        )
        return _validate(table, str(explicit)), str(explicit)
    base = root if root.is_dir() else root.parent
    own = base / "decompose.toml"
    if own.is_file():
        return _validate(_read_toml(own), str(own)), str(own)
    pyproject = base / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = _read_toml(pyproject).get("tool", {}).get("decompose")
        except ConfigError:
            table = None  # the analysed project's own pyproject is not ours to reject
        if isinstance(table, dict):
            return _validate(table, f"{pyproject} [tool.decompose]"), str(pyproject)
    return Config(), None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), f"not valid TOML ({error})") from None
    except OSError as error:
        raise ConfigError(str(path), error.strerror or str(error)) from None


def _validate(table: dict[str, Any], source: str) -> Config:
    try:
        return Config.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(source, f"{where}: {problem}") from None
