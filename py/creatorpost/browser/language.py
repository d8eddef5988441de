"""Which language the editor speaks: ?lang= first, then the browser's preferences, then English."""

from creatorpost.messages import SUPPORTED_LANGS


def pick_language(preferred: list[str], override: str | None = None) -> str:
    for tag in ([override] if override else []) + preferred:
        base = tag.strip().replace("_", "-").split("-")[0].lower()  # "pt-BR", "es_MX", " fr"
        if base in SUPPORTED_LANGS:
            return base
    return "en"
