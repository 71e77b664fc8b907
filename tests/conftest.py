"""Shared fixtures: the bundled corpus, read once."""
from __future__ import annotations

import pytest

from newslib import config
from newslib.language import text
from newslib.read import corpus


@pytest.fixture(scope="session")
def raw_dir():
    return config.RAW_DIR


@pytest.fixture(scope="session")
def ingested(raw_dir):
    return corpus.ingest(raw_dir)


@pytest.fixture(scope="session")
def articles(ingested):
    return ingested.articles


@pytest.fixture(scope="session")
def sentences(articles):
    return text.sentences_table(articles)


@pytest.fixture(scope="session")
def seed_claims(articles, sentences):
    from newslib.extract import claims

    return claims.extract_claims(articles, sentences)


def article(articles, prefix: str):
    """The article whose id starts with prefix ('000'...)."""
    rows = articles[articles["article_id"].str.startswith(prefix)]
    assert len(rows) == 1, prefix
    return rows.iloc[0]
