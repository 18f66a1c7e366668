"""Evidence: findings as computed evidence cards, recommendation rules, and the claims check.

A card's statement is a template whose values are filled in from the data; cards are computed, never
typed in, and each carries its provenance (datasets with their SHA-256, and the query or model spec).
"""

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef

__all__ = ["EvidenceCard", "ProvenanceRef"]
