"""The playground (`presensi demo --web`) in a real Chromium: a new colleague registers in the
web chat with the NIP and code the pick page shows, shares a live location from the map and
sends a selfie from a file; the head of unit tries the webcam (Chromium's test pattern: no face);
the console opens signed in as the demo's admin and shows the clock-in. Faces are matched."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import WebDriverWait

from tests.playground_harness import LivePlayground

FACES = Path(__file__).parents[3] / "shared" / "faces"


def wait(driver, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def said(driver, words: str) -> None:
    """Wait until the chat shows a message with `words`."""
    wait(driver).until(shown.text_to_be_present_in_element((By.ID, "messages"), words))


def type_in(driver, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    box.send_keys(text)
    driver.find_element(By.ID, "send").click()


def tap(driver, label: str, where: str = "keyboard") -> None:
    buttons = driver.find_elements(By.CSS_SELECTOR, f"#{where} button")
    next(b for b in buttons if b.text == label).click()


def test_register_and_clock_in_in_the_web_chat(tmp_path, chrome, shots):
    with LivePlayground(tmp_path, faces="pool") as play:
        staff = play.someone("Pegawai", registered=False)
        chrome.get(f"{play.url}/coba")
        assert chrome.find_element(By.TAG_NAME, "h1").text == "Coba presensi"
        row = chrome.find_element(By.CSS_SELECTOR, f"tr[data-employee='{staff.employee_id}']")
        assert row.find_element(By.CLASS_NAME, "identifier").text == staff.identifier
        assert row.find_element(By.CLASS_NAME, "state").text == f"Kode aktivasi: {staff.code}"
        chrome.save_screenshot(str(shots / "playground-pick.png"))
        row.find_element(By.LINK_TEXT, "Buka chat").click()

        wait(chrome).until(shown.presence_of_element_located((By.ID, "messages")))
        type_in(chrome, "/start")
        said(chrome, "Kirim NIP (18 digit) atau NIK (16 digit) Anda.")
        type_in(chrome, staff.identifier)
        said(chrome, "Kirim kode aktivasi dari admin unit Anda.")
        type_in(chrome, staff.code)
        said(chrome, f"Akun terhubung: {staff.name} (BKPSDM).")
        tap(chrome, "Masuk")
        said(chrome, "📍 Lokasi > geser penanda > Bagikan lokasi terkini")

        chrome.find_element(By.ID, "open-map").click()
        wait(chrome).until(shown.visibility_of_element_located((By.ID, "map")))
        assert chrome.find_element(By.ID, "distance").text == "0 m ↔ 🏢"
        chrome.find_element(By.ID, "send-live").click()
        said(chrome, "Lokasi diterima (Kantor BKPSDM). Sekarang kirim swafoto")
        picker = chrome.find_element(By.ID, "photo-file")
        chrome.execute_script("arguments[0].hidden = false", picker)
        picker.send_keys(str(FACES / "obama_1.jpg"))
        chrome.execute_script("arguments[0].hidden = true", picker)
        said(chrome, "✅ Masuk tercatat 07:0")
        mine = [m.text for m in chrome.find_elements(By.CSS_SELECTOR, "#messages li.mine")]
        assert mine == ["/start", staff.identifier, staff.code, "Masuk",
                        "📍 Lokasi terkini (±10 m)", "🖼 Foto: obama_1.jpg"]  # fmt: skip
        chrome.find_element(By.ID, "close-map").click()
        chrome.execute_script("window.scrollTo(0, 0)")
        chrome.save_screenshot(str(shots / "playground-chat.png"))

        chrome.get(f"{play.url}/coba")
        row = chrome.find_element(By.CSS_SELECTOR, f"tr[data-employee='{staff.employee_id}']")
        assert row.find_element(By.CLASS_NAME, "state").text == "Terdaftar"
        chrome.find_element(By.ID, "console-link").click()
        chrome.find_element(By.ID, "sign-in").click()
        wait(chrome).until(shown.presence_of_element_located((By.ID, "people")))
        assert chrome.find_element(By.TAG_NAME, "h1").text == "Kehadiran hari ini: BKPSDM"
        cells = [
            [cell.text for cell in tr.find_elements(By.TAG_NAME, "td")]
            for tr in chrome.find_elements(By.CSS_SELECTOR, "#people tbody tr")
        ]
        assert [staff.name, "tepat waktu"] in [row[:2] for row in cells]
        chrome.save_screenshot(str(shots / "playground-console.png"))


def test_the_head_tries_the_webcam_on_a_phone(tmp_path, chrome, shots):
    chrome.set_window_size(390, 844)
    with LivePlayground(tmp_path, faces="pool") as play:
        head = play.someone("Kepala unit", registered=True)
        staff = play.someone("Pegawai", registered=False)
        chrome.get(f"{play.url}/coba")
        row = chrome.find_element(By.CSS_SELECTOR, f"tr[data-employee='{staff.employee_id}']")
        assert row.find_element(By.CLASS_NAME, "identifier").is_displayed()  # what they type
        assert row.find_element(By.CLASS_NAME, "state").text == f"Kode aktivasi: {staff.code}"
        assert chrome.execute_script("return document.documentElement.scrollWidth") <= 390
        chrome.save_screenshot(str(shots / "playground-pick-phone.png"))
        chrome.get(f"{play.url}/coba/chat/{head.chat}")
        width = chrome.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390
        type_in(chrome, "/bantuan")
        said(chrome, "/rekap")
        type_in(chrome, "Masuk")
        said(chrome, "Bagikan lokasi terkini")
        chrome.find_element(By.ID, "open-map").click()
        chrome.find_element(By.ID, "send-live").click()
        said(chrome, "Sekarang kirim swafoto")
        chrome.find_element(By.ID, "open-camera").click()
        wait(chrome).until(
            lambda d: d.execute_script("return document.getElementById('camera').videoWidth > 0")
        )
        chrome.find_element(By.ID, "take").click()
        said(chrome, "🖼 Foto: swafoto.jpg")
        # Chromium's test pattern holds no face: refused, with what to do.
        said(chrome, "wajah tidak ditemukan")
        chrome.find_element(By.ID, "close-map").click()
        chrome.execute_script("window.scrollTo(0, 0)")
        # The chat, its keyboard, the text box and the buttons on one screen, as in a chat app.
        bottom = chrome.execute_script(
            "return document.querySelector('.tools').getBoundingClientRect().bottom"
        )
        assert bottom <= chrome.execute_script("return window.innerHeight")
        chrome.save_screenshot(str(shots / "playground-phone.png"))
