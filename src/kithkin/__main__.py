"""`python -m kithkin`: the command line, for when the `kithkin` script is not on PATH."""

from kithkin.cli import main

if __name__ == "__main__":
    main()
