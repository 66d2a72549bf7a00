"""Signals inside civil. The time bank listens to the ledger without the ledger knowing it."""

from django.dispatch import Signal

# Sent by civil.actions.ledger inside the recording action's transaction, with `entry` (the
# new HoursEntry, positive or reversing) and `actor`: the time bank deposits (or takes back)
# hours served for people in need where the street runs one.
hours_recorded = Signal()
