"""The one file of role-play kits a site publishes, and where each scenario's kit begins in it: the scenario page
links to its pages before the kits are printed (generator.paper.roleplay prints them to this layout)."""

from __future__ import annotations

from generator.model.entities import Curriculum

KIT_FILE = "roleplay-kits.pdf"  # on the site: every scenario's kit, one after the other
KIT_PAGES = 3  # each card and the observer sheet fit their sheet, or the kit is refused


def kit_pages(curriculum: Curriculum, scenario_id: str) -> tuple[int, int]:
    """First and last page of a scenario's kit in the site's KIT_FILE (every kit has KIT_PAGES pages)."""
    index = [scenario.id for scenario in curriculum.scenarios].index(scenario_id)
    return index * KIT_PAGES + 1, (index + 1) * KIT_PAGES
