"""docs/architecture.md holds: every module lies in one of its rooms, and no import runs from a
room to one it may not use (an arrow back up)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: folders that hold no project modules (the tests may import anything)
NOT_ROOMS = ("tests", "tools", "scripts", "data", "docs", "queries", "build")
_ROW = re.compile(r"^\|\s*([\w-]+)\s*\|\s*(`[^|]*)\|\s*([^|]*)\|\s*$")


def rooms(text: str) -> dict[str, tuple[list[str], set[str]]]:
    """The table of docs/architecture.md: room → (where, rooms it may use)."""
    found = {}
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            where = re.findall(r"`([^`]+)`", match.group(2))
            uses = {u.strip() for u in match.group(3).split(",") if u.strip()}
            found[match.group(1)] = (where, uses)
    return found


ROOMS = rooms((REPO / "docs" / "architecture.md").read_text(encoding="utf-8"))


def room_of(path: str) -> str | None:
    """The room whose most specific folder or file holds ``path`` (relative, with slashes)."""
    best: tuple[int, str] | None = None
    for room, (where, _) in ROOMS.items():
        for place in where:
            inside = path == place or (place.endswith("/") and path.startswith(place))
            if inside and (best is None or len(place) > best[0]):
                best = (len(place), room)
    return best[1] if best else None


def project_modules() -> dict[str, str]:
    """Dotted name → path of every module of the project outside the tests and tools."""
    out = {}
    for path in sorted(REPO.rglob("*.py")):
        relative = path.relative_to(REPO)
        if relative.parts[0].startswith(".") or relative.parts[0] in NOT_ROOMS \
                or "node_modules" in relative.parts:
            continue
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        out[name] = relative.as_posix()
    return out


MODULES = project_modules()


def imported_modules(path: str) -> set[str]:
    """The project modules ``path`` imports, at the top or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse((REPO / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return {name for name in names if name in MODULES}


def test_the_table_names_rooms_that_exist_and_uses_only_rooms_it_names():
    assert len(ROOMS) >= 10, "the rooms table of docs/architecture.md was not found"
    for room, (where, uses) in ROOMS.items():
        assert where, f"{room}: no folder or file given"
        for place in where:
            assert (REPO / place).exists(), f"{room}: {place} does not exist"
        assert uses <= set(ROOMS), f"{room} may use unknown rooms {uses - set(ROOMS)}"
        assert room not in uses


def test_the_rooms_form_floors_no_room_uses_one_that_uses_it():
    """The 'may use' relation has no circle: there is an up and a down."""
    done: set[str] = set()

    def visit(room: str, trail: tuple[str, ...]) -> None:
        assert room not in trail, f"circle of rooms: {' -> '.join((*trail, room))}"
        if room not in done:
            for used in ROOMS[room][1]:
                visit(used, (*trail, room))
            done.add(room)

    for room in ROOMS:
        visit(room, ())


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_lies_in_a_room(name):
    assert room_of(MODULES[name]) is not None, (
        f"{MODULES[name]} lies outside every room of docs/architecture.md: move it into one, "
        "or add the room to the page (with a paragraph saying what it is for)")


def test_no_import_runs_back_up():
    wrong = []
    for path in MODULES.values():
        room = room_of(path)
        allowed = ROOMS[room][1] | {room} if room else set()
        for target in sorted(imported_modules(path)):
            used = room_of(MODULES[target])
            if used not in allowed:
                wrong.append(f"{path} ({room}) imports {target} ({used})")
    assert not wrong, "imports a room may not use (docs/architecture.md):\n" + "\n".join(wrong)


def test_the_check_sees_an_arrow_back_up_and_a_module_outside_the_rooms():
    """The rules above catch what they are for: a model module importing the store, and a
    new module straight under graph/."""
    assert room_of("graph/model/ontology.py") == "model"
    assert "store" not in ROOMS["model"][1]
    assert room_of("graph/new_module.py") is None
    assert room_of("explorer/viewmodels/network.py") == "view-models"
    assert room_of("explorer/pages/network.py") == "explorer"


def test_the_picture_puts_every_room_above_the_rooms_it_uses():
    """The floors drawn at the top of the page agree with the table: a room stands on a
    higher floor than every room it may use."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    picture = text.split("```")[1]
    floor_of = {}
    for line in picture.splitlines():
        if not line.strip():
            continue
        floor, _, rest = line.strip().partition(" ")
        for place in re.findall(r"([\w./]+(?:/|\.py))", rest):
            room = room_of(place)
            if room is not None:
                floor_of.setdefault(room, int(floor))
    assert set(floor_of) == set(ROOMS), f"rooms not drawn: {set(ROOMS) - set(floor_of)}"
    for room, (_, uses) in ROOMS.items():
        for used in uses:
            assert floor_of[used] < floor_of[room], f"{room} is drawn no higher than {used}"
