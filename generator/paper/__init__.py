"""Paper output: the handbook PDFs published with the site and the trainer pack kept off it.

No MkDocs imports: the plugin hands in the course HTML it has already rendered.
"""

# The trainer pack's parts, each in its own folder of the pack (`trainer-pack --only` takes these names).
PACK_PARTS = ("exams", "rubrics", "roleplay", "cohorts", "cases", "facts")
DEFAULT_GRADERS = 5  # blank grading sheets per case for a calibration meeting (trainer-pack --graders)
