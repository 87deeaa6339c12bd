"""The command line: parse arguments, call the pipeline, write results, return an exit code."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from decompose import __version__
from decompose.cache import default_cache_dir
from decompose.config import load_config
from decompose.errors import DecomposeError, ExitCode
from decompose.outputs import dot_available, prepare_out_dir, render_svg, write_text
from decompose.pipeline import ScanOptions, ScanResult, scan
from decompose.planning import make_plan
from decompose.progress import RichReporter
from reports.dot_graphs import render_services_dot, render_tables_dot
from reports.json_files import render_plan_json, render_plan_schema
from reports.plan_markdown import render_plan_markdown

app = typer.Typer(
    help="Turn a Python monolith into a service split plan, with evidence for every finding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

PathArg = Annotated[
    Path, typer.Argument(help="The repository folder to analyse, or a single .sql file.")
]
OutOpt = Annotated[
    Path, typer.Option("--out", "-o", help="Folder for the results (created if missing).")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config file (TOML). Default: decompose.toml, or \\[tool.decompose] in the "
        "pyproject.toml, at PATH.",
    ),
]
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 uses every core.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Parse every file again; read and write no cache.")
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir", help="Where per-file facts are cached (default: the user's cache directory)."
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]


def _guard(debug: bool, action: Callable[[], int]) -> None:
    """Run a command; turn our errors into one clear sentence and a named exit code."""
    try:
        code = action()
    except DecomposeError as error:
        if debug:
            err.print(traceback.format_exc(), markup=False)
        sys.stderr.write(f"error: {error}\n")
        raise typer.Exit(int(error.exit_code)) from None
    raise typer.Exit(code)


def _scan(
    path: Path,
    config_file: Path | None,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> ScanResult:
    from decompose.errors import InputNotFoundError

    if not path.exists():
        raise InputNotFoundError(str(path))
    config, _source = load_config(path, config_file)
    cache = (
        None
        if no_cache
        else (cache_dir or Path(os.environ.get("DECOMPOSE_CACHE_DIR", default_cache_dir())))
    )
    options = ScanOptions(config=config, jobs=jobs, cache_dir=cache)
    reporter = None if quiet else RichReporter(err)
    try:
        return scan(path, options, reporter)
    finally:
        if reporter is not None:
            reporter.close()


def _summary(result: ScanResult, written: list[Path]) -> None:
    err.print(f"decompose {__version__}: {result.root}", highlight=False, soft_wrap=True)
    table = Table(show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in result.stats.items():
        table.add_row(key, f"{value:,}")
    for key, value in result.graph.counts().items():
        table.add_row(key, f"{value:,}")
    table.add_row("diagnostics", f"{len(result.diagnostics):,}")
    err.print(table)
    for path in written:
        err.print(f"wrote {path}", highlight=False)


@app.command("scan")
def scan_command(
    path: PathArg,
    out_dir: OutOpt = Path("decompose-out"),
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build the dependency graph and write OUT/graph.json."""

    def action() -> int:
        result = _scan(path, config, jobs, no_cache, cache_dir, quiet)
        prepare_out_dir(out_dir)
        target = out_dir / "graph.json"
        write_text(target, result.graph_json_parts)
        if not quiet:
            _summary(result, [target])
        return ExitCode.OK

    _guard(debug, action)


def write_plan(
    result: ScanResult, out_dir: Path, config_file: Path | None, quiet: bool
) -> list[Path]:
    config, _ = load_config(result.root, config_file)
    plan = make_plan(result.graph, config, result.diagnostics)
    prepare_out_dir(out_dir)
    files: dict[str, str | list[bytes]] = {
        "graph.json": result.graph_json_parts,
        "plan.json": render_plan_json(plan),
        "plan.md": render_plan_markdown(plan),
        "tables.dot": render_tables_dot(plan, _fk_pairs(result)),
        "services.dot": render_services_dot(plan),
    }
    written = []
    for name, text in files.items():
        write_text(out_dir / name, text)
        written.append(out_dir / name)
    if dot_available():
        for name in ("tables.dot", "services.dot"):
            if render_svg(out_dir / name):
                written.append((out_dir / name).with_suffix(".svg"))
    elif not quiet:
        err.print("note: Graphviz `dot` was not found; wrote the .dot files but no .svg.")
    return written


def _fk_pairs(result: ScanResult) -> list[tuple[str, str]]:
    graph = result.graph
    return [(graph.node(e.source).name, graph.node(e.target).name) for e in graph.foreign_keys()]


@app.command("plan")
def plan_command(
    path: PathArg,
    out_dir: OutOpt = Path("decompose-out"),
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Scan, then write OUT/plan.json, plan.md, graph.json and the graphs (.dot, .svg)."""

    _guard(debug, lambda: _plan(path, config, out_dir, jobs, no_cache, cache_dir, quiet))


def _plan(
    path: Path,
    config: Path | None,
    out_dir: Path,
    jobs: int,
    no_cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> int:
    result = _scan(path, config, jobs, no_cache, cache_dir, quiet)
    written = write_plan(result, out_dir, config, quiet)
    if not quiet:
        _summary(result, written)
    return ExitCode.OK


def demo_root() -> Path:
    """The bundled sample monolith, inside the installed package."""
    return Path(str(resources.files("decompose") / "demo" / "shop"))


@app.command("demo")
def demo_command(
    out_dir: OutOpt = Path("decompose-demo"),
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Plan the bundled sample monolith (a shop: users, catalogue, orders, billing, payments,
    shipping, notifications, forums) and write the results to OUT."""

    _guard(debug, lambda: _plan(demo_root(), None, out_dir, jobs, no_cache, None, quiet))


class CallgraphFormat(str, Enum):
    PYCG = "pycg"


FormatOpt = Annotated[
    CallgraphFormat,
    typer.Option("--format", help="Output format: pycg (PyCG's JSON call graph)."),
]


@app.command("callgraph")
def callgraph_command(
    path: PathArg,
    output_format: FormatOpt = CallgraphFormat.PYCG,
    config: ConfigOpt = None,
    jobs: JobsOpt = 0,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Print the call graph to stdout: {"module.func": ["module.callee", ...]}."""
    from reports.callgraph import render_callgraph_pycg

    def action() -> int:
        result = _scan(path, config, jobs, no_cache, cache_dir, quiet)
        sys.stdout.write(render_callgraph_pycg(result.graph))
        return ExitCode.OK

    _guard(debug, action)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of plan.json."""
    out.print(render_plan_schema(), end="", markup=False, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        out.print(f"decompose {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Turn a Python monolith into a service split plan, with evidence for every finding."""


def main() -> None:
    app()
