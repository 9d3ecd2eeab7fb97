"""The maths library stands alone: numpy is all it needs."""

import json
import subprocess
import sys


def test_importing_the_experiments_loads_neither_matplotlib_nor_mkdocs_nor_the_site():
    code = (
        "import json, sys; import vanishing.experiments; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = set(
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
    )
    assert "numpy" in loaded and "vanishing" in loaded  # the check sees real imports
    assert not loaded & {"matplotlib", "mkdocs", "vanishing_site", "markdown", "yaml", "jupytext"}
