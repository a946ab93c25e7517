"""How renderers ask for URLs, without knowing how the site maps files to addresses."""

from __future__ import annotations

from typing import Protocol


class Links(Protocol):
    def course(self, course_id: str) -> str: ...

    def path(self, path_id: str) -> str: ...

    def quiz(self, bank_id: str) -> str:
        """The page of a milestone's self-check."""
        ...

    def scenario(self, scenario_id: str) -> str: ...

    def cohort(self, cohort_id: str) -> str: ...

    def case(self, case_id: str) -> str:
        """A call case's page (the trainer's own file under cases/)."""
        ...

    def page(self, name: str) -> str:
        """A generated page: 'home', 'catalog', 'competencies', 'glossary', 'guide'."""
        ...

    def asset(self, name: str) -> str: ...
