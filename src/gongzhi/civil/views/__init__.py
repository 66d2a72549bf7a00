"""civil's screens, one module per topic (orgs, volunteers, ledger, timebank, public); thin:
they turn input into arguments and call `civil.actions`."""
