"""How a generated world departs from the study's: the adversarial families of ``dismark eval``.

A detector tuned on the worlds that shaped it looks better than it is. Each field below
plants one way real data are harder: police effort that changes while the market does not,
year-to-year noise, thin counts, changes that jump rather than grow, links that leave no
trace, weakly graded contacts that are no link, hubs, and groups whose operations only seem
to move. The default (``Scenario()``) is the study's world, byte for byte.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

SHAPES = ("gradual", "step")


@dataclass(frozen=True)
class Enforcement:
    """Police effort in ``country`` multiplied by ``factor`` from ``on`` (an enforcement
    intervention says so in a case file of its own); the markets do not change."""

    country: str = "BE"
    on: str = "2015-03-01"
    factor: float = 2.0

    @property
    def year(self) -> int:
        return int(self.on[:4])


@dataclass(frozen=True)
class Scenario:
    """One family's departures from the study's world (every default keeps it as it was)."""

    #: year-to-year noise: every series' true yearly level is multiplied by a gamma draw of
    #: mean 1 and this coefficient of variation (overdispersion)
    noise: float = 0.0
    #: how a planted change arrives: ``gradual`` (a ramp over the years, the study's) or
    #: ``step`` (a jump at the change year to the ramp's mean level after it)
    shape: str = "gradual"
    #: enforcement effort that rises in one country while the markets stay as planted
    enforcement: Enforcement | None = None
    #: write the yearly enforcement-effort figures as statistics case files (folder effort/)
    effort_data: bool = False
    #: share of a true Dutch link's forms that leave a trace in the case file (1: all do)
    visibility: float = 1.0
    #: share of subjects without a Dutch link whose case file names a weakly graded Dutch
    #: contact (a decoy: evidence of nothing)
    decoys: float = 0.0
    #: case files also name hubs (the ports, country and province places, prosecutor files
    #: that name hundreds of entities) that join unrelated subjects to Dutch targets
    hubs: bool = False
    #: organisations whose operations move (sites NL→BE, shipments Rotterdam→Antwerp, and
    #: back), with the truth of each move
    planted_moves: int = 0
    #: organisations that only seem to move: one operation after a "move", labs in both
    #: countries every year, a member's sites for another group, transshipment ports
    decoy_moves: bool = False
    #: extra keys the truth file records (family name, seed …), not read by the generator
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.shape not in SHAPES:
            raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {self.shape!r}")
        for name in ("noise", "decoys"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must lie between 0 and 1")
        if not 0 < self.visibility <= 1:
            raise ValueError("visibility must be above 0 and at most 1")
        if self.planted_moves < 0:
            raise ValueError("planted_moves must be 0 or more")

    def as_dict(self) -> dict:
        return asdict(self)

    def with_tags(self, **tags: str) -> Scenario:
        return replace(self, tags={**self.tags, **tags})


#: the study's world
STUDY = Scenario()
