"""Rasa custom actions: thin adapters between Rasa and the knowledge service."""
