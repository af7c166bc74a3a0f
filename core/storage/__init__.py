"""Storage: SQLAlchemy tables, the unit of work, the audit chain and Alembic migrations."""
