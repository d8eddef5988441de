"""build.py's `set_api_base`: where a built dist/ sends its API calls."""

import pytest

from tools.build import common, dist

SHELL = '<head>\n  <meta name="creatorpost-api" content="">\n  <title>x</title>\n</head>'


def test_points_the_shell_at_an_endpoint_and_back() -> None:
    pointed = dist.set_api_base(SHELL, "https://api.example.com/")
    assert pointed == SHELL.replace('content=""', 'content="https://api.example.com"')
    assert dist.set_api_base(pointed, "") == SHELL


def test_keeps_a_path_prefix_and_escapes_it() -> None:
    pointed = dist.set_api_base(SHELL, "http://127.0.0.1:8000/studio&co")
    assert 'content="http://127.0.0.1:8000/studio&amp;co"' in pointed


@pytest.mark.parametrize("url", ["api.example.com", "javascript:alert(1)", 'https://a.example/"><script>',
                                 "https://a.example/?x=1"])
def test_refuses_what_is_not_an_http_address(url: str) -> None:
    with pytest.raises(common.BuildError, match="--api-base"):
        dist.set_api_base(SHELL, url)


def test_a_shell_without_the_meta_is_a_build_error() -> None:
    with pytest.raises(common.BuildError, match="creatorpost-api"):
        dist.set_api_base("<head></head>", "https://api.example.com")
