"""The site layer: which pages the portal has and what each shows. Imports nothing from MkDocs."""
