"""Files out: the Excel ledger, Word documents, backups."""
