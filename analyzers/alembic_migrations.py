"""Alembic migrations, replayed in revision order to the final schema.

Not implemented yet: this analyzer accepts no files and adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.base import LinkContext, no_link
from decompose.model import FileFacts, SourceFile


class AlembicMigrationsAnalyzer:
    name = "alembic_migrations"
    version = "0"

    def accepts(self, path: str) -> bool:
        return False

    def analyze(self, source: SourceFile) -> FileFacts:
        return FileFacts.skipped(self.name, source.path, "not implemented")

    def link(self, facts: Sequence[FileFacts], context: LinkContext) -> FileFacts:
        return no_link(self.name)


ANALYZER = AlembicMigrationsAnalyzer()
