"""The console in a real Chromium: an admin opens the link /web sent her in Telegram, signs in,
reads today's board, ticks a sick note and approves it; the employee's Telegram chat gets the
decision. The pages are saved as screenshots (README shows one)."""

from __future__ import annotations

from urllib.parse import quote

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from core.storage.tables import SiteRow
from tests.console_harness import DEWI, HENDRA, RINA, LiveConsole, mini_app_data, texts
from tests.flows_harness import ADMIN, HEAD, OFFICE, STAFF

APPROVED = "Pengajuan Sakit Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos."


def wait(driver, seconds: float = 15) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def heading(driver) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


def test_sign_in_by_link_and_approve_a_sick_note(tmp_path, chrome, shots):
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(RINA, ADMIN)
        live.sick_note()
        chrome.get(live.sign_in_link(RINA))
        assert heading(chrome) == "Masuk ke konsol"
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "hari ini"))
        assert heading(chrome) == "Kehadiran hari ini: Sekretariat Daerah Kota Sungai Penuh"
        counts = chrome.find_element(By.ID, "counts").text
        assert "4 Belum absen" in counts
        rows = chrome.find_elements(By.CSS_SELECTOR, "#people tbody tr")
        assert [r.find_element(By.TAG_NAME, "td").text for r in rows][1] == "Dewi Lestari A.Md"
        chrome.save_screenshot(str(shots / "console-today.png"))

        chrome.find_element(By.LINK_TEXT, "Persetujuan").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "decide")))
        card = chrome.find_element(By.CSS_SELECTOR, ".requests li").text
        assert "Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026" in card
        assert "Alasan: Demam tinggi" in card
        chrome.find_element(By.CSS_SELECTOR, "input[name=pick]").click()
        chrome.save_screenshot(str(shots / "console-approvals.png"))
        before = len(live.fake.calls)
        chrome.find_element(By.ID, "approve").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "results")))
        results = chrome.find_element(By.ID, "results").text
        assert results.endswith("✅ #1 Dewi Lestari A.Md: disetujui")
        assert chrome.find_element(By.ID, "empty").text == "Tidak ada pengajuan yang menunggu."
        chrome.save_screenshot(str(shots / "console-approved.png"))
        told = texts(live.calls_after(before, DEWI), DEWI)
        assert told.startswith(APPROVED)

        chrome.find_element(By.CSS_SELECTOR, "form[action='/admin/bahasa'] button").click()
        wait(chrome).until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Waiting"))
        chrome.find_element(By.CSS_SELECTOR, "form[action='/admin/keluar'] button").click()
        wait(chrome).until(shown.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Masuk"))
        chrome.get(f"{live.url}/admin")
        assert chrome.find_element(By.ID, "message").text.startswith("Kirim /web")


def test_a_head_of_unit_on_a_phone_reads_the_board(tmp_path, chrome, shots):
    chrome.set_window_size(390, 844)  # a phone's screen
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(HENDRA, HEAD)
        live.sick_note()
        chrome.get(live.sign_in_link(HENDRA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "people")))
        width = chrome.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "the page scrolls sideways on a phone"
        chrome.save_screenshot(str(shots / "console-today-phone.png"))
        chrome.find_element(By.LINK_TEXT, "Persetujuan").click()
        wait(chrome).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".requests")))
        assert "Kepala unit: hanya baca" in chrome.page_source
        assert chrome.find_elements(By.CSS_SELECTOR, "input[name=pick]") == []


def test_an_admin_on_a_phone_finds_an_employee_and_blocks_her(tmp_path, chrome, shots):
    chrome.set_window_size(390, 844)
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(RINA, ADMIN)
        chrome.get(live.sign_in_link(RINA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "people")))
        chrome.find_element(By.LINK_TEXT, "Pegawai").click()
        chrome.find_element(By.NAME, "q").send_keys("dewi\n")
        wait(chrome).until(shown.presence_of_element_located((By.ID, "staff")))
        width = chrome.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "the search's list scrolls sideways on a phone"
        chrome.save_screenshot(str(shots / "console-staff.png"))
        chrome.find_element(By.LINK_TEXT, "Dewi Lestari A.Md").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "facts")))
        assert chrome.find_element(By.ID, "chats").text == "Telegram (id)"
        width = chrome.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "the employee's file scrolls sideways on a phone"
        chrome.save_screenshot(str(shots / "console-staff-file.png"))
        chrome.find_element(By.CSS_SELECTOR, "button[value=blokir]").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "results")))
        assert chrome.find_element(By.ID, "results").text.endswith("Dewi Lestari A.Md diblokir.")
        assert chrome.find_elements(By.CSS_SELECTOR, "button[value=buka]")
        chrome.save_screenshot(str(shots / "console-staff-blocked.png"))
        assert "diblokir" in live.says(DEWI, "/masuk")


def test_the_month_grid_reads_on_a_desk_and_on_a_phone(tmp_path, chrome, shots):
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(RINA, ADMIN)
        live.clock_in(OFFICE)
        chrome.get(live.sign_in_link(RINA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "people")))
        chrome.find_element(By.LINK_TEXT, "Bulanan").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "grid-1")))
        dewi = chrome.find_elements(
            By.XPATH, "//table[@id='grid-1']//tr[td[3]='Dewi Lestari A.Md']"
        )
        assert dewi and dewi[0].find_elements(By.TAG_NAME, "td")[4 + 22].text == "TK"
        chrome.save_screenshot(str(shots / "console-month.png"))
        chrome.set_window_size(390, 844)
        width = chrome.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "the month page scrolls sideways on a phone (its grid should)"
        chrome.save_screenshot(str(shots / "console-month-phone.png"))


def test_a_super_admin_checks_a_receipt_and_the_log(tmp_path, chrome, shots):
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(RINA, ADMIN)
        live.make_super_admin(ADMIN)
        code = live.clock_in(OFFICE).split("Tanda terima: ", 1)[1].split()[0]
        chrome.get(live.sign_in_link(RINA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "counts")))
        chrome.find_element(By.LINK_TEXT, "Audit").click()
        chrome.find_element(By.NAME, "code").send_keys(code + "\n")
        wait(chrome).until(shown.presence_of_element_located((By.ID, "results")))
        assert "Masih berlaku sebagaimana tercatat" in chrome.find_element(By.ID, "results").text
        chrome.find_element(By.CSS_SELECTOR, "#chain button").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "chain-result")))
        assert chrome.find_element(By.ID, "chain-result").text.endswith("rantai utuh.")
        chrome.save_screenshot(str(shots / "console-audit.png"))


def test_telegram_opens_the_console_as_a_mini_app(tmp_path, chrome, shots):
    chrome.set_window_size(390, 844)
    with LiveConsole(tmp_path) as live:
        live.link(HENDRA, HEAD)
        data = quote(mini_app_data(HENDRA, live.h.clock.now()), safe="")
        chrome.get(f"{live.url}/admin/tg#tgWebAppData={data}&tgWebAppVersion=8.0")
        wait(chrome).until(shown.presence_of_element_located((By.ID, "counts")))
        assert heading(chrome) == "Kehadiran hari ini: Sekretariat Daerah Kota Sungai Penuh"
        assert "tgWebAppData" not in chrome.current_url
        chrome.get(f"{live.url}/admin/tg")  # opened outside Telegram: no initData
        message = chrome.find_element(By.ID, "message").text
        assert message.startswith("Buka konsol dari tombol menu bot presensi di Telegram")


def test_the_map_draws_the_office_and_todays_clock_ins_without_a_tile_server(
    tmp_path, chrome, shots
):
    with LiveConsole(tmp_path) as live:
        live.link(DEWI, STAFF)
        live.link(RINA, ADMIN)
        live.clock_in((OFFICE[0] - 0.0085, OFFICE[1]))  # refused: outside the area
        live.clock_in(OFFICE)
        chrome.get(live.sign_in_link(RINA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(lambda d: d.find_element(By.ID, "map").get_attribute("data-drawn"))
        assert chrome.find_element(By.ID, "map").get_attribute("data-drawn") == "3"
        shapes = chrome.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive")
        assert len(shapes) == 3  # the office's circle and two clock-ins
        assert chrome.find_elements(By.CSS_SELECTOR, "#map .leaflet-tile") == []
        chrome.execute_script("document.getElementById('map').scrollIntoView()")
        chrome.save_screenshot(str(shots / "console-map.png"))


def test_an_admin_drags_the_office_circle_and_saves_it(tmp_path, chrome, shots):
    with LiveConsole(tmp_path) as live:
        live.link(RINA, ADMIN)
        chrome.get(live.sign_in_link(RINA))
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "counts")))
        chrome.find_element(By.LINK_TEXT, "Lokasi").click()
        chrome.find_element(By.LINK_TEXT, "Kantor Walikota Sungai Penuh").click()
        wait(chrome).until(shown.text_to_be_present_in_element((By.ID, "metres"), "Radius 30 m"))
        radius = chrome.find_element(By.NAME, "radius_m")
        radius.clear()
        radius.send_keys("120")
        assert chrome.find_element(By.ID, "metres").text == "Radius 120 m"
        marker = chrome.find_element(By.CSS_SELECTOR, "#site-map .leaflet-marker-icon")
        ActionChains(chrome).click_and_hold(marker).move_by_offset(0, 60).release().perform()
        lat = float(chrome.find_element(By.NAME, "lat").get_attribute("value"))
        assert lat < OFFICE[0] - 0.00005, "dragging the marker south moved the centre south"
        chrome.save_screenshot(str(shots / "console-site.png"))
        chrome.find_element(By.ID, "save-site").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "saved")))
        with live.h.uow() as uow:
            row = uow.session.scalars(select(SiteRow).where(SiteRow.code == "kantor-walikota"))
            site = row.one()
            assert (round(site.lat, 6), site.radius_m) == (round(lat, 6), 120)
