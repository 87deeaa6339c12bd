"""Co-change of modules from git history.

What it detects: Python modules that changed in the same commits. The link step reads
`context.git_log`, the text of `git log --max-count=N --no-renames --name-only
--format="commit %H %ct"` run by the pipeline at the analysed root (None when the root is not a git
repository, which is not an error). It never checks anything out.

Rules:
- a file counts when it is a module of the analysed tree today (`context.modules`); deleted and
  non-Python files are ignored;
- a commit that touches more than `MAX_FILES` modules (a reformat, a vendored drop, a rename
  sweep) is noise and is left out;
- two modules that changed together in at least `MIN_COMMITS` commits get one `co_change` edge,
  from the smaller module name to the larger. The edge is derived (`derived=True`, no evidence
  line: a commit is not a line of code) and says why in its attrs: `commits` (how many),
  `shas` (the newest `SHAS_KEPT` of them, newest first) and `ratio` (commits shared over the
  commits of the less often changed module of the two).

Why it matters: modules that always change together belong in the same service, whatever their
imports say.

Example: commits a1 and b2 both touch `shop/orders.py` and `shop/billing.py`: `module:shop.billing`
-co_change-> `module:shop.orders` with `{"commits": 2, "shas": ["a1", "b2"], "ratio": 1.0}`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations

from analyzers.base import LinkContext, no_link
from decompose.model import Edge, EdgeKind, FileFacts, SourceFile

MAX_FILES = 50
MIN_COMMITS = 2
SHAS_KEPT = 5


def parse_log(text: str) -> Iterator[tuple[str, list[str]]]:
    """(sha, paths) per commit, in the log's order.

    >>> list(parse_log("commit a1 17\\n\\nx.py\\ny.py\\ncommit b2 16\\n\\nz.py\\n"))
    [('a1', ['x.py', 'y.py']), ('b2', ['z.py'])]
    """
    sha: str | None = None
    paths: list[str] = []
    for line in text.splitlines():
        if line.startswith("commit "):
            if sha is not None:
                yield sha, paths
            parts = line.split()
            sha, paths = (parts[1] if len(parts) > 1 else ""), []
        elif line.strip() and sha is not None:
            paths.append(line.strip())
    if sha is not None:
        yield sha, paths


def co_change_edges(log: str, modules: Mapping[str, str]) -> list[Edge]:
    """The co-change edges of a git log over the modules of the analysed tree."""
    by_path = {path: module for module, path in modules.items()}
    pairs: dict[tuple[str, str], list[str]] = {}
    changes: Counter[str] = Counter()
    for sha, paths in parse_log(log):
        touched = sorted({by_path[p] for p in paths if p in by_path})
        if len(touched) > MAX_FILES:
            continue
        changes.update(touched)
        for pair in combinations(touched, 2):
            pairs.setdefault(pair, []).append(sha)
    edges = []
    for (left, right), shas in sorted(pairs.items()):
        if len(shas) >= MIN_COMMITS:
            ratio = round(len(shas) / min(changes[left], changes[right]), 3)
            attrs = {"commits": len(shas), "shas": shas[:SHAS_KEPT], "ratio": ratio}
            edges.append(
                Edge(f"module:{left}", f"module:{right}", EdgeKind.CO_CHANGE, None, attrs, True)
            )
    return edges


class GitHistoryAnalyzer:
    name = "git_history"
    version = "1"

    def accepts(self, path: str) -> bool:
        return False  # it reads the history, not the files

    def analyze(self, source: SourceFile) -> FileFacts:
        return FileFacts.skipped(self.name, source.path, "reads git history only")

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        if not context.git_log:
            return no_link(self.name)
        edges = co_change_edges(context.git_log, context.modules)
        return FileFacts(self.name, "", edges=tuple(edges))


ANALYZER = GitHistoryAnalyzer()
