"""The console's sites: an admin moves the office's circle on the page and the next clock-in in
chat is judged against the new fence; a polygon is redrawn; every bad shape is refused with
the reason and changes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from core.storage.tables import AuditRow, SiteRow
from tests.console_harness import HENDRA, RINA, csrf_of, sign_in
from tests.flows_harness import ADMIN, OFFICE, ORG

SITE = "kantor-walikota"
# 950 m south of the office: outside its 30 m until the circle moves there.
FAR = (OFFICE[0] - 0.0085, OFFICE[1])


def save(web, code: str = SITE, **fields):
    page = web.get(f"/admin/lokasi/{code}")
    return web.post(f"/admin/lokasi/{code}", data={"csrf": csrf_of(page), **fields})


def stored(live, code: str = SITE) -> SiteRow:
    with live.h.uow() as uow:
        row = uow.session.scalars(select(SiteRow).where(SiteRow.code == code)).one()
        uow.session.expunge(row)
        return row


def test_the_sites_page_lists_the_units_sites_on_a_map(live):
    page = sign_in(live, RINA).get("/admin/lokasi").text
    assert re.search(r'<a href="/admin/lokasi/kantor-walikota">Kantor Walikota Sungai Penuh</a>',
                     page)  # fmt: skip
    assert "lingkaran, radius 30 m" in page
    drawn = json.loads(re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1))
    assert [site["code"] for site in drawn["sites"]] == [SITE]


def test_a_moved_circle_judges_the_next_clock_in(live):
    assert "di luar area" in live.clock_in(FAR)
    web = sign_in(live, RINA)
    saved = save(web, lat=str(FAR[0]).replace(".", ","), lon=str(FAR[1]), radius_m="100")
    assert saved.status_code == 303
    assert "absen berikutnya dinilai dengan area ini" in web.get(saved.headers["location"]).text
    row = stored(live)
    assert (row.lat, row.lon, row.radius_m) == (*FAR, 100)
    assert "Masuk tercatat 07:20" in live.clock_in(FAR)
    with live.h.uow() as uow:
        audit = uow.session.scalars(select(AuditRow).where(AuditRow.action == "site.edit")).one()
        rina = uow.employee_by_identifier(uow.organisation(ORG).id, ADMIN)
    assert audit.actor == f"employee:{rina.id}"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"lat": "-2.06", "lon": "101.39", "radius_m": "5"}, "Radius harus 20-500 m."),
        ({"lat": "-2.06", "lon": "101.39", "radius_m": "9000"}, "Radius harus 20-500 m."),
        ({"lat": "-2.06", "lon": "101.39", "radius_m": "-5"}, "Radius harus 20-500 m."),
        ({"lat": "-2.06", "lon": "101.39", "radius_m": "nan"}, "Titik tidak sah"),
        ({"lat": "-2_06", "lon": "101.39", "radius_m": "50"}, "Titik tidak sah"),
        ({"lat": "utara", "lon": "101.39", "radius_m": "50"}, "Titik tidak sah"),
        ({"lat": "95", "lon": "101.39", "radius_m": "50"}, "Titik tidak sah"),
        ({"lat": "nan", "lon": "101.39", "radius_m": "50"}, "Titik tidak sah"),
        ({"lat": "", "lon": "", "radius_m": ""}, "Titik tidak sah"),
        ({"corners": "[[-2.06, 101.39], [-2.061, 101.39]]"}, "Poligon perlu 3 sampai 40 sudut."),
        ({"corners": "[[-2.060, 101.390], [-2.061, 101.391], [-2.060, 101.391],"
                     " [-2.061, 101.390]]"}, "sisinya tidak boleh bersilangan"),
        ({"corners": "[[-2.00, 101.39], [-2.10, 101.39], [-2.05, 101.45]]"}, "terlalu besar"),
        ({"corners": "not json"}, "Poligon tidak sah"),
        ({"corners": "[[1, 2, 3]]"}, "Poligon tidak sah"),
        ({"corners": "[" * 100000}, "Poligon perlu 3 sampai 40 sudut."),
    ],
    ids=["radius_small", "radius_large", "radius_negative", "radius_nan", "underscore",
         "lat_word", "lat_95", "nan", "empty", "two_corners", "crossing", "too_large",
         "not_json", "not_pairs", "deep"],
)  # fmt: skip
def test_a_bad_shape_is_refused_and_nothing_changes(live, fields, words):
    before = stored(live)
    refused = save(sign_in(live, RINA), **fields)
    assert refused.status_code == 400 and words in refused.text
    assert f'href="/admin/lokasi/{SITE}"' in refused.text
    after = stored(live)
    assert (after.lat, after.lon, after.radius_m, after.polygon) == (
        before.lat, before.lon, before.radius_m, before.polygon)  # fmt: skip


def test_a_polygon_is_drawn_instead_of_the_circle(live):
    web = sign_in(live, RINA)
    square = [[-2.0615, 101.3924], [-2.0615, 101.3932], [-2.0624, 101.3932],
              [-2.0624, 101.3924]]  # fmt: skip
    assert save(web, corners=json.dumps(square)).status_code == 303
    assert stored(live).polygon == square
    assert "Masuk tercatat" in live.clock_in((-2.0619, 101.3928))  # inside the square
    assert "poligon, 4 sudut" in web.get("/admin/lokasi").text


def test_a_head_reads_the_site_but_cannot_move_it(live):
    web = sign_in(live, HENDRA)
    page = web.get(f"/admin/lokasi/{SITE}")
    assert page.status_code == 200 and 'id="site-form"' not in page.text
    moved = {"csrf": csrf_of(page), "lat": "-2.07", "lon": "101.39", "radius_m": "50"}
    refused = web.post(f"/admin/lokasi/{SITE}", data=moved)
    assert refused.status_code == 403 and "Kepala unit hanya dapat membaca" in refused.text
    assert stored(live).lat == OFFICE[0]


def test_another_units_site_or_a_forged_form_is_refused(live):
    web = sign_in(live, RINA)
    assert web.get("/admin/lokasi/kantor-dinkes").status_code == 404
    assert web.get("/admin/lokasi/nowhere").status_code == 404
    page = web.get(f"/admin/lokasi/{SITE}")
    moved = {"csrf": "x", "lat": "-2.07", "lon": "101.39", "radius_m": "50"}
    assert web.post(f"/admin/lokasi/{SITE}", data=moved).status_code == 403
    moved["csrf"] = csrf_of(page)
    other = web.post("/admin/lokasi/nowhere", data=moved)
    assert other.status_code == 404 and stored(live).lat == OFFICE[0]
