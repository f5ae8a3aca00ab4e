"""The home page lists the instruments until the public tracker replaces it."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_sixteen_instruments_in_both_languages(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "16 instruments" in html
    assert html.count('<th scope="row">') == 16
    assert "Adequate housing for all" in html
    assert "人人享有适当住房" in html
    assert "Decision 1/3" in html and "Resolution 1/3" in html


def test_home_page_says_not_reported_rather_than_inventing_a_status(client):
    html = client.get("/").content.decode()
    assert html.count("not reported") == 16


def test_home_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/")
