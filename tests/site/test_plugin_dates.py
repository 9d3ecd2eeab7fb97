"""The sitemap's date without a .git directory (a source archive) is the sources' own."""

import os

from vanishing_site.plugin import _commit_time


def test_a_source_archive_dates_the_site_by_its_newest_file(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "src").mkdir()
    for name, stamp in (("mkdocs.yml", 1_700_000_000), ("docs/index.md", 1_750_000_000)):
        path = tmp_path / name
        path.write_text("x")
        os.utime(path, (stamp, stamp))
    assert _commit_time(tmp_path) == "1750000000"  # not 0, which dated the sitemap 1970-01-01
