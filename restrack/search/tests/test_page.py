"""The tracker's search page (/<lang>/search/): titles in the page's language, one hit per object,
a page of hits at a time."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("indexed")


def titles(response) -> list[str]:
    return re.findall(
        r'<li class="mb-3" data-kind="[a-z_]+">\s*<div><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def test_chinese_paragraphs_have_english_titles_on_english_pages(client):
    english = titles(client.get("/en/search/?q=住房"))
    assert english and all(not re.search("[\u4e00-\u9fff]", title) for title in english), english
    chinese = titles(client.get("/zh-hans/search/?q=housing"))
    assert "第 2/7 号决议：人人享有适当住房" in chinese


def test_a_partner_is_listed_once(client):
    page = client.get("/en/search/?q=UNICEF&kind=partner").content.decode()
    assert page.count('data-kind="partner"') == 1


def links(response) -> list[str]:
    return re.findall(r'<li class="mb-3" data-kind="[a-z_]+">\s*<div><a href="([^"]*)">', response.content.decode())


def test_hits_come_a_page_at_a_time(client):
    first = client.get("/en/search/?q=人居署")
    body = first.content.decode()
    assert len(links(first)) == 20 and 'rel="next"' in body and 'rel="prev"' not in body
    second = client.get("/en/search/?q=人居署&page=2")
    assert 'start="21"' in second.content.decode() and 'rel="prev"' in second.content.decode()
    assert links(second) and set(links(first)).isdisjoint(links(second))
    assert client.get("/en/search/?q=人居署&page=x").status_code == 200
