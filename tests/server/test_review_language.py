"""The desk's language filter guesses which of our languages a post's words are in; too few words, or a
tie, is no guess (such posts show under every language)."""

import pytest

from creatorpost.server.review.language import guess_post_language, guess_text_language


@pytest.mark.parametrize(("text", "lang"), [
    ("I wore this all summer and it is the best one I have.", "en"),
    ("Lo uso todos los días y es el mejor que tengo para la playa.", "es"),
    ("Eu uso todos os dias e é o melhor que tenho para a praia.", "pt"),
    ("Je le porte tous les jours et c'est le meilleur pour la plage.", "fr"),
    ("Я ношу его каждый день, это лучший купальник.", "ru"),
    ("أرتديه كل يوم وهو الأفضل للشاطئ.", "ar"),
    ("Bikini", None),
    ("12345 !!!", None),
    ("", None),
])
def test_guess(text: str, lang: str | None) -> None:
    assert guess_text_language(text) == lang


def test_a_post_is_read_from_its_title_introduction_body_and_captions_not_its_tags() -> None:
    post = {"title": "Mi favorito", "introduction": "Es el mejor bikini que tengo.",
            "hashtags": ["the", "and", "with", "this"],
            "blocks": [{"kind": "text", "text": "Lo compré en verano."}, {"kind": "product", "caption": "Muy bonito"}]}
    assert guess_post_language(post) == "es"
