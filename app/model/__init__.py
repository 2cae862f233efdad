"""Pydantic models: the interchange format (`interchange`, `v1`), and the API's bodies (`api`, `edits`)."""
