"""build.py's `set_api_base`: where a built dist/ sends its API calls."""

import pytest

from tests.build_module import load_build

build = load_build()
SHELL = '<head>\n  <meta name="creatorpost-api" content="">\n  <title>x</title>\n</head>'


def test_points_the_shell_at_an_endpoint_and_back() -> None:
    pointed = build.set_api_base(SHELL, "https://api.example.com/")
    assert pointed == SHELL.replace('content=""', 'content="https://api.example.com"')
    assert build.set_api_base(pointed, "") == SHELL


def test_keeps_a_path_prefix_and_escapes_it() -> None:
    pointed = build.set_api_base(SHELL, "http://127.0.0.1:8000/studio&co")
    assert 'content="http://127.0.0.1:8000/studio&amp;co"' in pointed


@pytest.mark.parametrize("url", ["api.example.com", "javascript:alert(1)", 'https://a.example/"><script>',
                                 "https://a.example/?x=1"])
def test_refuses_what_is_not_an_http_address(url: str) -> None:
    with pytest.raises(build.BuildError, match="--api-base"):
        build.set_api_base(SHELL, url)


def test_a_shell_without_the_meta_is_a_build_error() -> None:
    with pytest.raises(build.BuildError, match="creatorpost-api"):
        build.set_api_base("<head></head>", "https://api.example.com")
