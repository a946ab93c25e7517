"""Keeping content current: review report, change history from git, version-bump checks. No MkDocs imports."""
