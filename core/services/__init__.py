"""Use cases: each takes its collaborators (unit of work, clock) as parameters."""
