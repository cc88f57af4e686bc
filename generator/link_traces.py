"""What a Belgian case file shows of a Dutch link, and the best score anyone could give it.

The evaluation families of the Dutch link (``generator.scenario``) change only what the case
files show, never the links themselves:

* **visibility** ``v``: each fact that could carry a link (a plantation's operator, equipment
  source and outlet; a lab's cook, clients and dump site) is recorded with probability ``v``,
  whether it is Dutch or not, so a missing operator says nothing by itself. A link whose
  Dutch facts all went unrecorded leaves no trace;
* **decoys** ``d``: a share ``d`` of case files, with a link or without, name a weakly graded
  (C4 or X4) phone contact between a Belgian in the file and a Dutch person: evidence of
  nothing, as frequent either way;
* **hubs**: half the case files also name the Port of Antwerp, "Nederland" and a Dutch
  province, and their operators appear in one Dutch prosecutor file naming hundreds
  (``hub_file``): ties that join unrelated subjects to Dutch case files, equally often
  either way.

``true_probability`` is then the posterior of a link given what the case file shows, by the
generator's own law (prior from the subject's size and distance, the recording probability
``v``; decoys and hubs cancel out): the best score any detector could give, against which
the evaluation measures the gap. Where the case always shows the tie (a shipment's owner, a
call centre's own country) it is 0 or 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations

from generator.casefile import CaseFile
from generator.rng import keyed
from generator.scenario import STUDY
from generator.world import World

#: A fact's value: the country of its far end, or None where there is no such fact.
Facts = Mapping[str, str | None]
#: Decoys are graded like this, half and half.
DECOY_GRADINGS = ("C4", "X4")
#: Share of case files that name the hubs in the hubs family.
HUB_RATE = 0.5
HUB_FILE = "nl-2019-prosecutor-hub-00000"


class Traces:
    """The evidence side of one Belgian subject's case file under the world's scenario."""

    def __init__(self, world: World, case: CaseFile):
        self.world, self.case = world, case
        #: the families change Belgian subjects' files only (Dutch ones show all)
        self.scenario = world.scenario if case.country == "BE" else STUDY
        self.recorded_facts: dict[str, str | None] = {}

    def recorded(self, fact: str, value: str | None) -> bool:
        """Whether the file records ``fact`` (its far end in ``value``'s country); remembers
        what it shows for the posterior."""
        shown = value is not None and (self.scenario.visibility >= 1 or keyed(
            self.world.seed, "recorded", self.case.id, fact).random() < self.scenario.visibility)
        self.recorded_facts[fact] = value if shown else None
        return shown

    def decoy(self, person: str | None) -> bool:
        """In the decoys family, a weak contact of ``person`` (else of a Belgian associate)
        with a Dutch person; True if one was written."""
        rng = keyed(self.world.seed, "decoy", self.case.id)
        if not self.scenario.decoys or rng.random() >= self.scenario.decoys:
            return False
        world, case = self.world, self.case
        person = person or world.person(case, "BE", rng.randrange(world.pool("person")))
        dutch = world.person(case, "NL", rng.randrange(world.pool("person")))
        case.link("CONTACT", person, dutch, kind="call", count=rng.randint(1, 3),
                  grading=rng.choice(DECOY_GRADINGS))
        return True

    def hubs(self, person: str | None) -> bool:
        """In the hubs family, name the hubs in half the files; True if this one does."""
        rng = keyed(self.world.seed, "hubs", self.case.id)
        if not self.scenario.hubs or rng.random() >= HUB_RATE:
            return False
        world, case = self.world, self.case
        row = world.ports["port-be-antwerpen"]
        port = case.entity("Port", "port-be-antwerpen", name=row["name"], kind=row["kind"],
                           country="BE")
        case.link("LOCATED_IN", port, world.declare_place(case, world.places[
            row["municipality_id"]]), grading="A1")
        province = rng.choice(sorted({p.province for p in world.in_country("NL")}))
        world.declare_province(case, "NL", province)
        if person:
            world.hub_named.append(person)
        return True


def hub_file(world: World, emit) -> None:
    """The Dutch prosecutor file naming hundreds: the operators the hub files named, and as
    many Dutch persons (written last, when all of them are known)."""
    if not world.scenario.hubs:
        return
    rng = keyed(world.seed, "hub-file")
    case = CaseFile(HUB_FILE, "NL", "prosecutor_file", "2019-06-01",
                    "Openbaar Ministerie Landelijk Parket", "B3",
                    title="Intercepted phone network")
    for person in dict.fromkeys(world.hub_named):
        case.reference("Person", person)
    for index in sorted(rng.sample(range(world.pool("person")),
                                   min(world.pool("person"), len(world.hub_named) + 1))):
        world.person(case, "NL", index)
    emit(case, [])


def posterior(configurations: Iterable[tuple[float, bool, Facts]], observed: Facts,
              visibility: float) -> float:
    """P(link | observed) by Bayes over the law's configurations (prior, link, each fact's
    true value); a fact with a value is recorded with probability ``visibility``."""
    odds = {True: 0.0, False: 0.0}
    for prior, link, facts in configurations:
        likelihood = prior
        for fact, value in facts.items():
            seen = observed.get(fact)
            if value is None:
                likelihood *= seen is None
            else:
                likelihood *= visibility if seen == value else (1 - visibility) * (seen is None)
        odds[link] += likelihood
    total = odds[True] + odds[False]
    return odds[True] / total if total else 0.0


#: study: a plantation's Dutch link takes these forms, each with this chance (at least one).
PLANTATION_FORMS = (("person", 0.6), ("growshop", 0.7), ("coffeeshop", 0.5))


def plantation_configurations(prior: float, be_shop: float
                              ) -> list[tuple[float, bool, Facts]]:
    """The plantation law: without a link a Belgian operator and, with chance ``be_shop``, a
    Belgian grow shop; with one, the forms of ``PLANTATION_FORMS`` (one at random if none
    came up), each making its fact Dutch."""
    names = [name for name, _ in PLANTATION_FORMS]
    none_came_up = 1.0
    for _, p in PLANTATION_FORMS:
        none_came_up *= 1 - p
    out = []
    for size in range(len(names) + 1):
        for forms in combinations(names, size):
            p_forms = 1.0
            for name, p in PLANTATION_FORMS:
                p_forms *= p if name in forms else 1 - p
            if size == 1:
                p_forms += none_came_up / len(names)
            link = size > 0
            weight = prior * p_forms if link else (1 - prior)
            shops = [("NL", 1.0)] if "growshop" in forms else [("BE", be_shop),
                                                                  (None, 1 - be_shop)]
            for shop, p_shop in shops:
                if p_shop:
                    out.append((weight * p_shop, link, {
                        "operator": "NL" if "person" in forms else "BE", "equipment": shop,
                        "outlet": "NL" if "coffeeshop" in forms else None}))
    return out


def lab_configurations(p_dutch_client: float, p_dump: float, p_dump_abroad: float,
                       p_dutch_cook: float) -> list[tuple[float, bool, Facts]]:
    """The lab law: a client group, a dump site (or none) and a cook, each Dutch or not."""
    out = []
    for client, p_client in (("NL", p_dutch_client), ("BE", 1 - p_dutch_client)):
        for dump, p_d in (("NL", p_dump * p_dump_abroad), ("BE", p_dump * (1 - p_dump_abroad)),
                          (None, 1 - p_dump)):
            for cook, p_cook in (("NL", p_dutch_cook), ("BE", 1 - p_dutch_cook)):
                out.append((p_client * p_d * p_cook, "NL" in (client, dump, cook),
                            {"client0": client, "dump": dump, "operator": cook}))
    return out
