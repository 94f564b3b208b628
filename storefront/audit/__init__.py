"""The audit log: every staff decision, with who, when, what and why."""
