"""The Paths page on the demo graph (data/demo): chains between two entities, narrowing, the
connecting network of several, and the plain messages for no path and unknown ids.

The answers are those of the saved queries ``shortest-path`` and ``connecting-network``
(tests/test_queries_investigation.py works them out from the dossiers cited below).
"""

from __future__ import annotations

import re

VOS, BAARLE_PLANT = "person-jeroen-vos", "plantation-be-baarle-hertog-2017"
LOMMEL, MLA_GROWSHOP = "be-2014-lim-plantation-lommel", "be-2016-lim-mla-growshop"
BAARLE, INTERVIEW_NL = "be-2017-ant-plantation-baarle-hertog", \
    "nl-2018-interview-convicted-grower-vught"


def shown(markdown: str) -> str:
    """Text as the reader sees it: the page backslash-escapes markdown in names and ids."""
    return re.sub(r"\\(.)", r"\1", markdown)


def steps(app, index: int) -> list[tuple[str, str, str]]:
    table = app.dataframe[index].value
    return list(zip(table["link"], table["grading"], table["case files"], strict=True))


def test_two_entities_show_every_shortest_chain_step_by_step(explorer_page, run_query):
    app = explorer_page("paths.py", **{"from": VOS, "to": BAARLE_PLANT})
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Paths"]
    assert shown(app.caption[0].value) == (
        f"2 shortest chain(s) of 2 link(s) between Jeroen Vos and {BAARLE_PLANT} "
        "(within 6 links).")
    assert len(app.get("bidi_component")) == 1
    assert [shown(m.value) for m in app.markdown] == [
        "**Chain 1** · 2 link(s) · weakest grading B2",
        "**Chain 2** · 2 link(s) · weakest grading C2"]
    # Jeroen Vos leads the Kempen-crew (Lommel, MLA growshop and Baarle-Hertog files, B2);
    # the crew runs the Baarle-Hertog plantation (Baarle-Hertog file, header grading B2)
    assert steps(app, 0) == [
        ("Jeroen Vos -MEMBER_OF-> Kempen-crew", "B2", f"{LOMMEL}, {MLA_GROWSHOP}, {BAARLE}"),
        (f"Kempen-crew -OPERATES-> {BAARLE_PLANT}", "B2", BAARLE)]
    # Bart Mutsaers met Vos on 2013-01-15 (Vught interview, C2) and grows the plantation
    # (Baarle-Hertog file, A2): the contact points from Bart to Vos, against the walk
    assert steps(app, 1) == [
        ("Jeroen Vos <-CONTACT- Bart Mutsaers", "C2", INTERVIEW_NL),
        (f"Bart Mutsaers -OPERATES-> {BAARLE_PLANT}", "A2", BAARLE)]
    assert list(app.dataframe[1].value["seen"]) == ["2013-01-15", "2017-05-22"]
    # the page gives the CLI's answer (`dismark query run shortest-path`)
    cli = run_query("shortest-path", **{"from": VOS, "to": BAARLE_PLANT})
    assert [r["weakest_grading"] for r in cli] == ["B2", "C2"]
    assert [r["ids"][1] for r in cli] == ["org-kempen-crew", "person-bart-mutsaers"]


def test_narrowing_by_type_and_by_length(explorer_page):
    app = explorer_page("paths.py", **{"from": VOS, "to": BAARLE_PLANT})
    app.multiselect[0].set_value(["CONTACT", "OPERATES"]).run()
    assert not app.exception and not app.error
    assert "1 shortest chain(s) of 2 link(s)" in shown(app.caption[0].value)
    assert "only through CONTACT, OPERATES" in shown(app.caption[0].value)
    assert [link for link, _, _ in steps(app, 0)] == [
        "Jeroen Vos <-CONTACT- Bart Mutsaers", f"Bart Mutsaers -OPERATES-> {BAARLE_PLANT}"]
    app.multiselect[0].set_value(["USES"]).run()
    assert shown(app.info[0].value).startswith(
        f"No path between Jeroen Vos and {BAARLE_PLANT}: each of the 2 shortest chains "
        "(2 links) uses another relationship type")
    app.multiselect[0].set_value([]).run()
    app.slider[0].set_value(1).run()
    assert shown(app.info[0].value) == (
        f"No path between Jeroen Vos and {BAARLE_PLANT}: the shortest chain has 2 links, "
        "more than the 1 allowed.")
    assert not app.get("bidi_component")


def test_a_pair_with_no_path_says_so(explorer_page):
    # the Kempen-crew's cannabis network has no operational link to the cocaine importers
    # (be-2016 container extraction, nl-2018 Rotterdam seizure): only places and files connect
    app = explorer_page("paths.py", **{"from": VOS, "to": "person-hans-dekker"})
    assert not app.exception and not app.error
    assert shown(app.info[0].value) == ("No path between Jeroen Vos and Hans Dekker: not "
                                        "connected by operational links within 6 links.")
    assert not app.get("bidi_component") and not app.dataframe


def test_unknown_id_is_reported_not_raised(explorer_page):
    app = explorer_page("paths.py", **{"from": VOS, "to": "person-nobody"})
    assert not app.exception
    assert "to: no entity has id 'person-nobody'" in shown(app.error[0].value)


def test_empty_and_same_entity_ask_for_two(explorer_page):
    app = explorer_page("paths.py")
    assert not app.exception and not app.error
    assert app.info[0].value.startswith("Pick two entities")
    app = explorer_page("paths.py", **{"from": VOS, "to": VOS})
    assert app.info[0].value == "Pick two different entities."


def test_connecting_network_of_several(explorer_page):
    ids = [VOS, "person-hans-dekker", "person-brent-aerts", BAARLE_PLANT]
    app = explorer_page("paths.py", ids=",".join(ids))
    assert not app.exception and not app.error
    assert app.radio[0].value == "Connecting network of several"
    assert shown(app.caption[0].value) == "4 entities, 6 pairs: 2 connected within 6 links."
    assert len(app.get("bidi_component")) == 1
    pairs = app.dataframe[0].value
    assert [tuple(r) for r in pairs[["from", "to", "links", "chains", "note"]].itertuples(
        index=False)] == [
        # courier Brent Aerts <- dispatcher Dylan Schouten (BE call-centre file) <- Dekker
        # group supplies him (Roosendaal file) <- Hans Dekker is its member
        ("Brent Aerts", "Hans Dekker", "3", 1, ""),
        ("Brent Aerts", "Jeroen Vos", "", 0, "not connected"),
        ("Brent Aerts", BAARLE_PLANT, "", 0, "not connected"),
        ("Hans Dekker", "Jeroen Vos", "", 0, "not connected"),
        ("Hans Dekker", BAARLE_PLANT, "", 0, "not connected"),
        ("Jeroen Vos", BAARLE_PLANT, "2", 2, "")]
    assert [link for link, _, _ in steps(app, 1)] == [
        "Brent Aerts <-CONTACT- Dylan Schouten", "Dylan Schouten <-SUPPLIES- Groep Dekker",
        "Groep Dekker <-MEMBER_OF- Hans Dekker"]
    assert [shown(e.label) for e in app.expander[1:]] == [
        "Brent Aerts — Hans Dekker: 1 chain(s) of 3 link(s)",
        f"Jeroen Vos — {BAARLE_PLANT}: 2 chain(s) of 2 link(s)"]


def test_connecting_network_narrowed_and_grown(explorer_page):
    app = explorer_page("paths.py", ids=f"{VOS},{BAARLE_PLANT}")
    app.multiselect[0].set_value(["MEMBER_OF"]).run()
    assert list(app.dataframe[0].value["note"]) == ["2 chain(s) left out by the narrowing"]
    app.multiselect[0].set_value([]).run()
    app.text_input(key="add-search").input("dekker").run()
    app.selectbox(key="add-pick").select("person-hans-dekker").run()
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert app.query_params["ids"] == f"{VOS},{BAARLE_PLANT},person-hans-dekker"
    assert shown(app.caption[0].value) == "3 entities, 3 pairs: 1 connected within 6 links."


def test_connecting_network_needs_two_known_ids(explorer_page):
    app = explorer_page("paths.py", ids=VOS)
    assert not app.exception and not app.error
    assert app.info[0].value.startswith("Add at least two entities")
    app = explorer_page("paths.py", ids=f"{VOS},person-nobody")
    assert not app.exception
    assert "ids: no entity has id 'person-nobody'" in shown(app.error[0].value)
