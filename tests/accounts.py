"""Run dismark as another OS account (root's tests prove what other accounts cannot do).

Root bypasses file permissions, so a test of "only the owner may …" must run the other
side as a real unprivileged account. The interpreter may live where that account cannot
reach (pyenv under /root, 0700): it is then reached through a directory descriptor opened
while still root (``/proc/self/fd/N``), which names the folder without walking the path to
it; nothing else of root's is opened to the account.
"""

from __future__ import annotations

import atexit
import os
import site
import stat
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _let_others_pass(*places: Path) -> None:
    """Let every account walk (not list) the folders above ``places`` for this test run: a
    clone in a 0700 temporary folder (``mktemp -d``) would otherwise hide the project and its
    virtual environment from the account. Each folder changed is put back at exit."""
    for place in places:
        for folder in place.resolve().parents:
            mode = stat.S_IMODE(folder.stat().st_mode)
            if not mode & stat.S_IXOTH and folder != Path.home():
                folder.chmod(mode | stat.S_IXOTH)
                atexit.register(folder.chmod, mode)


def run_as(uid: int, gid: int, module: str, argv: Sequence[str], env: Mapping[str, str], *,
           cwd: Path = REPO, background: bool = False, **popen
           ) -> subprocess.Popen | subprocess.CompletedProcess:
    """``python -m module argv…`` in ``cwd`` (the repository root) as ``uid``/``gid``, with
    ``env`` (plus what the interpreter needs) and nothing inherited; run to the end unless
    ``background``."""
    _let_others_pass(REPO, Path(sys.prefix))
    home = os.open(sys.base_prefix, os.O_RDONLY | os.O_DIRECTORY)
    here = f"/proc/self/fd/{home}"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    prelude = (f"import site, sys, runpy; [site.addsitedir(d) for d in "
               f"{site.getsitepackages()!r}]; sys.argv = {[module, *argv]!r}; "
               f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)")

    def become() -> None:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)

    command = [f"{here}/bin/python{version}", "-c", prelude]
    full_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", **env, "PYTHONHOME": here,
                "LD_LIBRARY_PATH": f"{here}/lib"}
    fds = [home]
    try:
        if background:
            return subprocess.Popen(command, env=full_env, cwd=cwd, pass_fds=fds,
                                    preexec_fn=become, **popen)
        return subprocess.run(command, env=full_env, cwd=cwd, pass_fds=fds,
                              preexec_fn=become, capture_output=True, text=True, timeout=120,
                              **popen)
    finally:
        for fd in fds:
            os.close(fd)
