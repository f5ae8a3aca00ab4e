"""Restrack: tracks the implementation of UN-Habitat Assembly resolutions."""
