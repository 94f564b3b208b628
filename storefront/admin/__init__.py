"""The operator's back office (/admin/…): sellers, quality control, care, and the audit log of every decision."""
