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


PARTNER_SHELL = '<head>\n  <meta name="creatorpost-partners" content="">\n</head>'


def test_a_dist_hosted_elsewhere_names_its_partners() -> None:
    """--partner-origins writes the sites that may embed the editor into the shell (space-separated)."""
    filled = dist.set_partner_origins(PARTNER_SHELL, "https://Shop.example/, http://127.0.0.2:8080")
    assert filled == PARTNER_SHELL.replace('content=""', 'content="https://shop.example http://127.0.0.2:8080"')
    assert dist.set_partner_origins(filled, "") == PARTNER_SHELL


@pytest.mark.parametrize("origins", ["shop.example", "https://shop.example/blog", "*", 'https://a.example"><script>'])
def test_refuses_what_is_not_an_origin(origins: str) -> None:
    with pytest.raises(common.BuildError, match="--partner-origins"):
        dist.set_partner_origins(PARTNER_SHELL, origins)
