"""Read-only access in depth: the database itself refuses a reader's writes.

dismark's guard refuses writing queries before they run (test_guard.py). Here the guard is
bypassed on purpose: raw commands go to the server through the read-only store's own
connection, and the server must answer NOPERM. ``HOSTILE_COMMANDS`` is the figure for
"hostile commands refused by the server".
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace

import pytest
from conftest import REPO, embedded_url
from cypher_lint import lint_statements, node_available
from falkor_server import falkordb_server
from redis.exceptions import NoPermissionError, ResponseError

from graph.errors import InvalidInput, ReadOnlyViolation, StoreError
from graph.store import open_store
from graph.store.backends.falkordb_access import READER, reader_acl
from graph.store.backends.neo4j import CURRENT_USER, USER_PRIVILEGES, Neo4jStore, beyond_reading
from graph.store.config import Settings, from_environment

#: Each would change the graph, the data set or the server if it ran.
HOSTILE_COMMANDS = [
    ("GRAPH.QUERY", "dismark", "CREATE (:Person {id: 'intruder'})"),
    ("GRAPH.QUERY", "dismark", "MATCH (n) DETACH DELETE n"),
    ("GRAPH.QUERY", "dismark", "CREATE INDEX FOR (n:Person) ON (n.name)"),
    ("GRAPH.DELETE", "dismark"),
    ("GRAPH.COPY", "dismark", "stolen"),
    ("GRAPH.CONFIG", "SET", "TIMEOUT_MAX", "0"),
    ("FLUSHALL",),
    ("FLUSHDB",),
    ("DEL", "dismark"),
    ("RENAME", "dismark", "gone"),
    ("SET", "planted", "1"),
    ("CONFIG", "SET", "appendonly", "no"),
    ("CONFIG", "SET", "appendfsync", "no"),
    ("CONFIG", "REWRITE"),
    ("SHUTDOWN", "NOSAVE"),
    ("ACL", "SETUSER", READER, "+@all"),
    ("ACL", "DELUSER", "default"),
    ("EVAL", "return redis.call('FLUSHALL')", "0"),
    ("FUNCTION", "FLUSH"),
    ("SCRIPT", "FLUSH"),
    ("BGREWRITEAOF",),
    ("SAVE",),
    ("CLIENT", "KILL", "TYPE", "normal"),
    ("REPLICAOF", "127.0.0.1", "1"),
]


@pytest.fixture
def reader(falkor_store):
    falkor_store.write("CREATE (:Person {id: 'p-1', name: 'Sanne de Wit'})")
    store = open_store(falkor_store.url, Settings(read_only=True))
    yield store
    store.close()


def _people(store) -> list[str]:
    return [r[0] for r in store.read("MATCH (n:Person) RETURN n.id ORDER BY n.id").rows]


def test_a_reader_reads(reader):
    assert _people(reader) == ["p-1"]
    assert reader.connection().execute_command("GRAPH.LIST") == ["dismark"]
    assert reader.connection().execute_command("GRAPH.EXPLAIN", "dismark",
                                               "MATCH (n) RETURN n")


def test_the_server_refuses_every_hostile_command_of_a_reader(reader, falkor_store):
    refused = 0
    for command in HOSTILE_COMMANDS:
        with pytest.raises(NoPermissionError):
            reader.connection().execute_command(*command)
        refused += 1
    assert refused == len(HOSTILE_COMMANDS) >= 24
    with pytest.raises(ResponseError, match="not allowed"):  # off for everyone, reader too
        reader.connection().execute_command("MODULE", "UNLOAD", "graph")
    assert _people(falkor_store) == ["p-1"] == _people(reader)
    assert falkor_store.connection().config_get("append*") == {
        **falkor_store.connection().config_get("append*"),
        "appendonly": "yes", "appendfsync": "always"}


def test_the_store_api_of_a_reader_cannot_write(reader, ontology):
    with pytest.raises(ReadOnlyViolation, match="dismark-reader"):
        reader.write("CREATE (:Person {id: 'p-2'})")
    with pytest.raises(ReadOnlyViolation):
        reader.wipe()
    with pytest.raises(ReadOnlyViolation):
        reader.ensure_schema(ontology)  # the fresh store has no index yet: this would write
    assert _people(reader) == ["p-1"]


def test_the_writer_still_writes_while_a_reader_is_open(reader, falkor_store):
    falkor_store.write("CREATE (:Person {id: 'p-2'})")
    assert _people(reader) == ["p-1", "p-2"]


def test_the_reader_password_is_private_random_and_stable(tmp_path):
    urls = [embedded_url(tmp_path / name) for name in ("a", "b")]
    for url in urls:
        open_store(url, Settings()).close()
    secrets = [tmp_path / name / "graph.db.reader-password" for name in ("a", "b")]
    assert all(stat.S_IMODE(os.stat(s).st_mode) == 0o600 for s in secrets)
    first = [s.read_text() for s in secrets]
    assert first[0] != first[1] and len(first[0].strip()) >= 40
    store = open_store(urls[0], Settings(read_only=True))  # opening again keeps the password
    store.close()
    assert secrets[0].read_text() == first[0]


def test_the_reader_user_is_reset_to_exactly_its_rights(falkor_store):
    admin = falkor_store.connection()
    admin.execute_command("ACL", "SETUSER", READER, "+@all")  # a tampered reader
    open_store(falkor_store.url, Settings()).close()
    rules = admin.acl_getuser(READER)
    assert rules["categories"] == ["-@all"] and rules["channels"] == []
    assert rules["commands"] == [a for a in reader_acl("x") if a.startswith("+")]


def test_read_only_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DISMARK_READ_ONLY", "1")
    assert from_environment().read_only
    monkeypatch.setenv("DISMARK_READ_ONLY", "perhaps")
    with pytest.raises(InvalidInput, match="DISMARK_READ_ONLY"):
        from_environment()


# -- a FalkorDB server, its reader created by an admin with the documented line -------------

def _documented_acl_line() -> str:
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    return re.search(r"^ACL SETUSER dismark-reader .*$", text, re.MULTILINE).group(0)


def test_the_documented_acl_line_is_the_one_dismark_uses():
    assert _documented_acl_line() == " ".join(["ACL", "SETUSER",
                                               *reader_acl("CHOOSE-A-PASSWORD")])


@pytest.fixture
def server(tmp_path):
    with falkordb_server(tmp_path, appendonly="yes", appendfsync="always") as port:
        writer = open_store(f"falkordb://127.0.0.1:{port}", Settings())
        writer.write("CREATE (:Person {id: 'p-1'})")
        command = _documented_acl_line().replace("CHOOSE-A-PASSWORD", "s3cret-Reader-pw")
        writer.connection().execute_command(*command.split())
        yield port, writer
        writer.close()


def test_a_remote_reader_reads_and_the_server_refuses_its_writes(server):
    port, writer = server
    store = open_store(f"falkordb://{READER}:s3cret-Reader-pw@127.0.0.1:{port}",
                       Settings(read_only=True))
    try:
        assert _people(store) == ["p-1"]
        for command in HOSTILE_COMMANDS:
            with pytest.raises(NoPermissionError):
                store.connection().execute_command(*command)
        with pytest.raises(ReadOnlyViolation):
            store.write("CREATE (:Person {id: 'p-2'})")
        writer.write("CREATE (:Person {id: 'p-2'})")
        assert _people(store) == ["p-1", "p-2"]
    finally:
        store.close()


def test_read_only_as_a_user_who_may_write_is_refused(server):
    port, _ = server
    with pytest.raises(StoreError, match=r"lets this user run GRAPH\.QUERY.*ACL SETUSER"):
        open_store(f"falkordb://127.0.0.1:{port}", Settings(read_only=True))


# -- Neo4j: no server here; the rule is tested on documented rows, the text by Neo4j's lint --

def _row(action: str, graph: str = "*", role: str = "reader", access: str = "GRANTED"):
    return {"access": access, "action": action, "graph": graph, "role": role}


def test_neo4j_reader_privileges_pass_and_write_privileges_are_named():
    reader = [_row("access", "DEFAULT", "PUBLIC"), _row("execute", role="PUBLIC"),
              _row("execute_function", role="PUBLIC"), _row("access"), _row("match"),
              _row("show_index"), _row("write", access="DENIED")]
    assert beyond_reading(reader, None) == []
    editor = [*reader, _row("write", role="editor"), _row("execute_boosted", role="power")]
    assert beyond_reading(editor, None) == ["execute_boosted on * (role power)",
                                            "write on * (role editor)"]
    elsewhere = [*reader, _row("write", graph="other", role="editor")]
    assert beyond_reading(elsewhere, "cases") == []
    assert beyond_reading(elsewhere, None) == ["write on other (role editor)"]


def test_a_read_only_neo4j_store_sends_no_write():
    settings = replace(Settings(read_only=True), store_url="bolt://127.0.0.1:1")
    store = Neo4jStore(settings, driver=None)  # no driver: anything sent would crash
    for attempt in (lambda: store.write("CREATE (:Person {id: 'x'})"), store.wipe,
                    lambda: store.ensure_schema(None)):
        with pytest.raises(ReadOnlyViolation, match="nothing was sent"):
            attempt()


def test_the_neo4j_privilege_checks_are_valid_cypher():
    if not node_available():
        if os.environ.get("CI"):
            pytest.fail("CI must lint Cypher: run `npm ci --prefix tools/cypher-lint`")
        pytest.skip("Node.js or tools/cypher-lint/node_modules missing")
    found = lint_statements({"current user": CURRENT_USER, "privileges": USER_PRIVILEGES})
    assert found == {"current user": [], "privileges": []}
