"""Every write on buildings, records, flags, plans and transactions (one module per entity)."""
