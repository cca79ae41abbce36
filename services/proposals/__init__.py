"""Work on suggestions and proposals across models: queries, imports, letters."""
