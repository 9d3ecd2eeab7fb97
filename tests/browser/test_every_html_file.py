"""Every HTML file of the built site, the 404 page included, loaded in Chromium: the browser
asks no host but the site's own for anything, whatever the page's scripts do once loaded.

Reading the files cannot see requests that scripts make (the 404 page once called
api.github.com from JavaScript); the browser's own record of its requests can.
"""

from urllib.parse import urlsplit

import pytest
from browsing import watch
from conftest import light_context

pytestmark = pytest.mark.browser


def test_no_html_file_makes_the_browser_ask_another_host(new_context, site, base_url):
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert "404.html" in files and "index.html" in files
    # Each file by its own name, and the 404 page as a static host serves it: for a missing
    # address, deep in the tree, where its relative links would break.
    addresses = [*files, "no/such/page/"]
    host = urlsplit(base_url).netloc
    context = light_context(new_context)
    elsewhere, silent, requests = {}, [], 0
    try:
        for address in addresses:
            page = context.new_page()
            log = watch(page)
            page.goto(base_url + address, wait_until="networkidle")
            page.mouse.wheel(0, 5000)  # lazy images below the fold
            page.wait_for_load_state("networkidle")
            requests += len(log["requests"])
            if not log["requests"]:
                silent.append(address)
            outside = [
                url
                for url in log["requests"]
                if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != host
            ]
            if outside:
                elsewhere[address] = outside
            page.close()
    finally:
        context.close()
    print(
        f"{len(addresses)} addresses loaded, {requests} requests, {len(elsewhere)} pages elsewhere"
    )
    assert not silent, f"pages that requested nothing were not loaded: {silent}"
    assert not elsewhere, "\n".join(f"{a}: {urls}" for a, urls in elsewhere.items())
