"""Paper output: the handbook PDFs published with the site and the trainer pack kept off it.

No MkDocs imports: the plugin hands in the course HTML it has already rendered.
"""
