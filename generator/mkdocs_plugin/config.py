"""The plugin's MkDocs configuration: one option per field of generator.site.options.SiteOptions,
validated by the same function the command-line tool uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.site.options import OPTION_NAMES, SiteOptions, check_option


class _SharedOption(c.BaseConfigOption):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = getattr(SiteOptions, name)

    def run_validation(self, value: Any) -> Any:
        try:
            return check_option(self.name, value)
        except ValueError as error:
            raise c.ValidationError(str(error)) from None


if TYPE_CHECKING:
    TrainingConfig = base.Config
else:
    TrainingConfig = type("TrainingConfig", (base.Config,), {name: _SharedOption(name) for name in OPTION_NAMES})


def site_options(config: base.Config) -> SiteOptions:
    return SiteOptions(**{name: config[name] for name in OPTION_NAMES})
