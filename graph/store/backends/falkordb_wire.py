"""One command on the wire, telling a failure before it was sent from one after.

A read may be sent again after a restart only if the server never received it: a query that
killed the server would kill it again. redis-py's ``execute_command`` hides where a dropped
connection failed, so this sends and reads apart.
"""

from __future__ import annotations

from typing import Any


class NotSent(Exception):
    """The connection failed before the command left: it never reached the server."""


def send_once(client: Any, *args: Any, socket_timeout: float | None = None) -> Any:
    """``client.execute_command(*args)`` without retries; ``NotSent`` if it was never sent,
    redis-py's own errors if it failed once sent. ``socket_timeout``: the seconds to wait
    for the answer on a socket made for this command (the caller's hard deadline)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeout

    pool = client.connection_pool
    try:
        conn = pool.get_connection()
    except RedisConnectionError as exc:
        raise NotSent(str(exc)) from exc
    try:
        if socket_timeout is not None:
            conn.disconnect()
            conn.socket_timeout = socket_timeout
        try:
            conn.send_command(*args)
        except (RedisConnectionError, RedisTimeout) as exc:
            conn.disconnect()
            raise NotSent(str(exc)) from exc
        try:
            return client.parse_response(conn, args[0])
        except (RedisConnectionError, RedisTimeout):
            conn.disconnect()
            raise
    finally:
        pool.release(conn)


def no_retry() -> dict[str, Any]:
    """redis-py client options that never send a command again on their own (redis-py 8
    retries by default): a write would run twice, a query that killed a server would kill
    the next one."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    return {"retry": Retry(NoBackoff(), 0)}
