"""The content model: loading, validating and linking trainers' files. Imports nothing from MkDocs."""

from __future__ import annotations

from generator.model.entities import (
    Course,
    Curriculum,
    GlossaryTerm,
    Handbook,
    LearningPath,
    Question,
    QuizBank,
    Rubric,
    TrainingModel,
)
from generator.model.load import load_curriculum

__all__ = [
    "Course",
    "Curriculum",
    "GlossaryTerm",
    "Handbook",
    "LearningPath",
    "Question",
    "QuizBank",
    "Rubric",
    "TrainingModel",
    "load_curriculum",
]
