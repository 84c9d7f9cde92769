"""``python -m claimledger.cli``: the same as the ``claimledger`` command."""

from claimledger.cli.app import main

if __name__ == "__main__":
    main()
