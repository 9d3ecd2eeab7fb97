"""Images put into docs/ by hand, held to what the figures are held to.

The site's pictures are figures drawn by figure modules: SVG in the site's palette, with a
dark twin, within the size budget (``gallery``). An image added to ``docs/`` directly skips
that pipeline, so the build checks it here: an SVG must use the palette only and stay within
the budget; a raster image (PNG, JPEG...) can do neither, nor follow the dark scheme, and is
refused with the way out: draw it as a figure module.
"""

import gzip
from pathlib import Path

from vanishing_site import gallery, style

RASTER = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"})


def problem(path: Path) -> str | None:
    """Why the image at ``path`` cannot be published, or None (also for what is no image)."""
    suffix = path.suffix.lower()
    if suffix in RASTER:
        return (
            f"a raster image ({suffix}) cannot keep to the site's palette or follow its dark "
            "scheme: draw it as a figure module (SVG)"
        )
    if suffix != ".svg":
        return None
    data = path.read_bytes()
    if (size := len(gzip.compress(data, 9, mtime=0))) > gallery.MAX_SVG_BYTES:
        return f"{size / 1000:.1f} KB gzip, over the budget of {gallery.MAX_SVG_BYTES / 1000:g} KB"
    try:
        style.dark_variant(data.decode("utf-8", errors="replace"))
    except ValueError as error:
        return str(error)
    return None
