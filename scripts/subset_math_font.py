"""Subset Latin Modern Math into the small WOFF2 the site bundles for its MathML.

Source: Latin Modern Math 1.959 (GUST Font License, an instance of the LPPL), the file
/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf from Debian bookworm's
`fonts-lmodern` 2.005-1 (`apt-get install fonts-lmodern`); upstream it is CTAN's lm-math.
The script refuses any other file (checked by SHA-256), so its output is byte-for-byte
reproducible.

Kept: the MATH table with its size variants and assembly parts (stretchy brackets, braces,
radicals, big operators), the 'dtls' dotless forms, and the characters the chapters' maths
uses: Basic Latin, Greek, operators, arrows, primes, and the math italic, bold, bold italic,
script and double-struck letters that browsers draw. Dropped: the 'ssty' script-size
alternates, which Chromium does not apply (scripts render pixel-identical without them)
and which would more than double the file. As the GUST licence asks of derived works,
the subset is renamed ("Vanishing Math").

    python scripts/subset_math_font.py [SOURCE_OTF] [OUTPUT_WOFF2]
"""

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
SOURCE_SHA256 = "6075562b771f8b82f0c179e363389684f2dd09de30038269e2628e504bd7be0f"
OUTPUT = Path(__file__).resolve().parent.parent / "docs/assets/fonts/vanishing-math.woff2"
FAMILY = "Vanishing Math"

# A glyph costs about 60 to 150 bytes with its size variants, so these are the alphabets
# and symbols deep-learning maths uses rather than whole Unicode blocks (U+2200-22FF alone
# would add 11 KB). Add characters here when a chapter needs them.
SYMBOLS = (
    "\u00a0¬¯±·×÷"  # no-break space and Latin-1's operators
    "\u2002\u2003\u2009\u200a‖…′″‴\u2061"  # spaces, norms, ellipsis, primes, function application
    "ℎℓℂℕℝℤℬℰℱℋℐℒℳℛ"  # italic h, ell, and the letterlike members of the alphabets kept
    "←→↔↦⇒⇔⟶"  # arrows
    "⌈⌉⌊⌋⟨⟩⏞⏟"  # ceilings, floors, angle brackets, over- and underbraces
    "∀∂∃∅∇∈∉∏∑−∓∗∘∙√∝∞∣∥∧∨∩∪∫∼≃≅≈≠≡≤≥≪≫⊂⊆⊕⊗⊙⊤⊥⋅⋯⋮⋱"
)
UNICODES = [
    *range(0x0020, 0x007F),  # Basic Latin
    *range(0x0391, 0x03AA),  # Greek capital letters (upright, as TeX sets them)
    *range(0x03B1, 0x03CA),  # Greek small letters
    *map(ord, "ϑϕϖϰϱϵ"),
    *range(0x1D400, 0x1D49C),  # bold, italic, bold italic Latin (browsers italicise via these)
    *range(0x1D49C, 0x1D4B6),  # script capitals (\mathcal)
    *range(0x1D538, 0x1D552),  # double-struck capitals (\mathbb)
    *range(0x1D6A4, 0x1D6A6),  # italic dotless i and j
    *range(0x1D6FC, 0x1D71C),  # italic Greek small letters and variants
    *range(0x1D736, 0x1D756),  # bold italic Greek small letters and variants (\boldsymbol)
    *map(ord, SYMBOLS),
]


def subset_math_font(source: Path, output: Path) -> int:
    """Write the WOFF2 subset of source to output and return its size in bytes."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{source}: SHA-256 {digest}, expected {SOURCE_SHA256}")
    options = subset.Options()
    options.layout_features = ["dtls"]
    options.drop_tables += ["FFTM"]  # FontForge's build timestamps
    options.hinting = False
    options.desubroutinize = True  # plain charstrings compress better under Brotli
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    _rename(font)
    font.flavor = "woff2"
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(output, reorderTables=True)
    return output.stat().st_size


def _rename(font: TTFont) -> None:
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 3, 4):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
    notice = (
        "Subset of Latin Modern Math 1.959 by scripts/subset_math_font.py of the vanishing "
        "project, renamed as the GUST Font License requests. The unmodified font: CTAN lm-math."
    )
    names.setName(notice, 10, 3, 1, 0x409)


def main() -> None:
    args = [Path(arg) for arg in sys.argv[1:]]
    source = args[0] if args else SOURCE
    output = args[1] if len(args) > 1 else OUTPUT
    print(f"{output}: {subset_math_font(source, output)} bytes")


if __name__ == "__main__":
    main()
