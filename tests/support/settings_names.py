from __future__ import annotations

from fluxrate_common.settings import ENV_PREFIX
from fluxrate_platform.services import SERVICES


def known_setting_names() -> set[str]:
    names: set[str] = set()
    for entry in SERVICES.values():
        names |= {ENV_PREFIX + field.upper() for field in entry.settings_cls.model_fields}
    return names
