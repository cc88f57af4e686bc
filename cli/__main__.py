"""``python -m cli``: the ``dismark`` command without its entry point."""

from cli import main

main()
