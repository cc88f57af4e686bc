"""``dismark docs``: the generated reference pages."""

from __future__ import annotations

from pathlib import Path

import click

from cli import base
from cli.base import main
from graph.model.ontology import load_ontology


@main.command()
@click.option("--dir", "out_dir", type=click.Path(path_type=Path), default=Path("docs"),
              show_default=True, help="Folder to write ontology.md and queries.md into.")
@click.option("--check", is_flag=True, help="Exit 1 if a file is stale instead of writing.")
def docs(out_dir: Path, check: bool) -> None:
    """Generate docs/ontology.md (from graph/model/ontology.yaml) and docs/queries.md (from the
    saved queries' headers)."""
    from graph.store.docs import ontology_markdown, queries_markdown

    ontology = load_ontology()
    library = base.saved_library(ontology)
    pages = {"ontology.md": ontology_markdown(ontology), "queries.md": queries_markdown(library)}
    for name, text in pages.items():
        path = out_dir / name
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise click.ClickException(f"{path} is stale; run `dismark docs`")
            click.echo(f"{path} is up to date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {path}")
