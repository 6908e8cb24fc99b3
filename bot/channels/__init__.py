"""Rasa input channels of our own. Pure logic lives in small modules (no Rasa import) so that it
is unit-tested in both virtual environments; `teams.py` is the thin Rasa adapter."""
