"""``dismark synth`` and ``dismark eval``: worlds with known answers, and the analyses
measured on them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cli.base import main


@main.group("eval")
def evaluate_group() -> None:
    """Measure the analyses against generated worlds with known answers (truth.json).

    Each evaluation has its own options: `dismark eval dutch-link --help`, `dismark eval
    displacement --help`, `dismark eval displacement-paths --help`.
    """


#: Options go to the evaluation's own parser, --help included, so each shows its own.
_PASSED_ON = {"ignore_unknown_options": True, "allow_extra_args": True,
              "help_option_names": []}


@evaluate_group.command("dutch-link", context_settings=_PASSED_ON)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def evaluate_dutch_link(args: tuple[str, ...]) -> None:
    """Dutch-link scores per family (study, visibility, decoys, hubs, combined): AUC and
    Brier of the evidence score and of the model with labels for half the subjects, beside
    the truth's best possible, and the hub check."""
    from evaluation.dutch_link import main as evaluate

    sys.exit(evaluate(list(args), prog="dismark eval dutch-link"))


@evaluate_group.command("displacement", context_settings=_PASSED_ON)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def evaluate_displacement(args: tuple[str, ...]) -> None:
    """Shift or expansion per family (study, none, shift, expansion, enforcement with and
    without effort figures, step, thin): right, insufficient, wrong calls, strong false
    alarms and rows flagged as possibly detection-driven."""
    from evaluation.displacement import main as evaluate

    sys.exit(evaluate(list(args), prog="dismark eval displacement"))


@evaluate_group.command("displacement-paths", context_settings=_PASSED_ON)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def evaluate_displacement_paths(args: tuple[str, ...]) -> None:
    """Displacement paths on worlds with planted moves and decoys of every kind: recall
    and precision of findings, per kind, with leads apart."""
    from evaluation.displacement_paths import main as evaluate

    sys.exit(evaluate(list(args), prog="dismark eval displacement-paths"))


def _effects(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
    from generator import parse_effect

    try:
        return dict(parse_effect(value) for value in values)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _years(ctx: click.Context, param: click.Parameter, value: str) -> range:
    try:
        first, last = (int(part) for part in value.split("-"))
    except ValueError:
        raise click.BadParameter(f"expected FIRST-LAST such as 2008-2022, got {value!r}") from None
    if not 1990 <= first <= last <= 2100:
        raise click.BadParameter(f"expected years from 1990 to 2100 in order, got {value!r}")
    return range(first, last + 1)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the case files and truth.json into.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option("--scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="1 gives the study's case material (59 BE and 63 NL prosecutor files, "
                   "92 MLA requests) plus police and seizure reports; N gives N times as much.")
@click.option("--format", "fmt", type=click.Choice(["dossier", "csv"]), default="dossier",
              show_default=True, help="One JSON dossier per case, or one CSV bundle.")
@click.option("--years", default="2008-2022", show_default=True, callback=_years,
              help="The period to simulate.")
@click.option("--effect", "effects", multiple=True, callback=_effects, metavar="ROW=EFFECT",
              help="Plant expansion, shift or none on a row instead of the study's verdict, "
                   "e.g. --effect cannabis/production=shift (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def synth(out: Path, seed: int, scale: float, fmt: str, years: range, effects: dict,
          as_json: bool) -> None:
    """Write synthetic case files with known answers (truth.json), calibrated on the study.

    Load them with `dismark load OUT`; truth.json says which Belgian cases have a Dutch link
    and by which paths, which shift or expansion was planted, and who is behind each name
    variant. See docs/synthetic-data.md.
    """
    from generator import generate

    summary = generate(out, seed=seed, scale=scale, years=years, fmt=fmt,
                       effects=effects or None)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    for kind, count in sorted(summary.case_files.items()):
        click.echo(f"  {kind:<26} {count:>8,}")
    click.echo(f"{sum(summary.case_files.values()):,} case files, {summary.entities:,} entities, "
               f"{summary.links:,} links in {summary.seconds:.1f} s -> {out}")
