"""Reference Todo backend: FastAPI + PostgreSQL, configured from the environment only."""
