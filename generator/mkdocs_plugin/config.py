"""The plugin's MkDocs configuration: one option per field of generator.site.options.SiteOptions,
validated by the same function the command-line tool uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.messages import text
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


class _RefusingUnknown(base.Config):
    """An option the plugin does not have is an error, as it is for the command-line tool (MkDocs itself only
    warns, so a misspelt option would be ignored outside strict builds)."""

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        unknown = [key for key, _ in warnings if key not in OPTION_NAMES]
        failed.extend((key, c.ValidationError(text("S605", where="plugins.training", name=key,
                                                        known=", ".join(OPTION_NAMES)))) for key in unknown)
        return failed, [(key, message) for key, message in warnings if key not in unknown]


if TYPE_CHECKING:
    TrainingConfig = base.Config
else:
    TrainingConfig = type("TrainingConfig", (_RefusingUnknown,), {name: _SharedOption(name) for name in OPTION_NAMES})


def site_options(config: base.Config) -> SiteOptions:
    return SiteOptions(**{name: config[name] for name in OPTION_NAMES})
