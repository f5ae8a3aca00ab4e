"""What every app's API tests share: clients anonymous or signed in with a real token, reading a
whole paged list or one answer, the caching headers, and export files read back (CSV with its
byte-order mark, XLSX through openpyxl, JSON)."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from restrack.accounts.actions import issue_api_token


def client_as(user=None) -> APIClient:
    """An API client, anonymous or signed in as `user` with a token, as a script would be."""
    client = APIClient()
    if user is not None:
        token = Token.objects.filter(user=user).first()
        key = token.key if token else issue_api_token(user, acting_user=user, reason="Test client")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def everything(client, address: str) -> list[dict]:
    """Every item of a paged list, following `next`."""
    items, page = [], client.get(address)
    while True:
        assert page.status_code == 200, page.content
        body = page.json()
        items += body["results"]
        if not body["next"]:
            return items
        page = client.get(body["next"])


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with a byte-order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_json(content: bytes) -> list[dict]:
    return json.loads(content.decode("utf-8"))


def read_export(response) -> list[dict]:
    """The rows of an export answer, whatever its format (named by its Content-Disposition)."""
    assert response.status_code == 200, response.content[:500]
    name = response["Content-Disposition"]
    if '.csv"' in name or name.endswith(".csv"):
        return read_csv(response.getvalue())
    if ".xlsx" in name:
        return read_xlsx(response.getvalue())
    return read_json(response.getvalue())


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def assert_cached(client, url):
    """Last-Modified on the answer, and 304 when the ETag is sent back."""
    response = client.get(url)
    assert response.status_code == 200 and response.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
