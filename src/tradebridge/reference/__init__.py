"""Hand-curated reference facts with their sources: blocs, the agreement timeline, currencies."""
