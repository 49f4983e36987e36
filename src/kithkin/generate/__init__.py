"""Seeded generators of realistic demo and benchmark networks (pure; numpy)."""

from kithkin.generate.network import GeneratedNetwork, generate

__all__ = ["GeneratedNetwork", "generate"]
