"""Presentation mode: one question or one Essential per screen, for a projector."""
