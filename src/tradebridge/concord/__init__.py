"""Product classifications (see hs and groups)."""
