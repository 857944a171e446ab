"""A recruiter's day in the dashboard, in headless Chromium driven by Selenium.

Signs in (after one wrong password, fixed), creates a campaign through the form (adding a question, and fixing
the error the form shows beside a field left empty), starts a conversation, watches the candidate's reply arrive
in the transcript without the page reloading, takes the conversation over and sends a message. Saves a
screenshot of each page. Prints one JSON line with the screenshots taken; exits non-zero on any failure.

Usage: dashboard_journey.py BASE_URL EMAIL PASSWORD CAMPAIGN_TITLE CANDIDATE API_KEY ORGANIZATION_ID PHONE SCREENSHOT_DIR
"""

import json
import os
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

base, email, password, campaign_title, candidate, api_key, organization, phone, shots = sys.argv[1:10]
os.makedirs(shots, exist_ok=True)
taken = []


def shot(name, width=1280):
    driver.set_window_size(width, 900)
    path = os.path.join(shots, f"{name}-{width}.png")
    driver.save_screenshot(path)
    taken.append(path)


def navigate(element):
    """Clicks `element` and waits until the browser has left the page it was on."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 10).until(ready.staleness_of(page))


def find(selector):
    return WebDriverWait(driver, 10).until(ready.presence_of_element_located((By.CSS_SELECTOR, selector)))


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
    options.add_argument(argument)
try:
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
except Exception as failure:
    print(json.dumps({"ok": False, "error": "Chromium did not start: " + repr(failure), "screenshots": []}))
    sys.exit(1)
# A page that does not load in 30 s is a failure to report, not a wait of the driver's default five minutes.
driver.set_page_load_timeout(30)
driver.set_script_timeout(30)
try:
    driver.get(base + "/login")
    shot("sign-in")
    find("#email").send_keys(email)
    find("#password").send_keys("not my password")
    navigate(find("form button[type=submit]"))
    error = find("#sign-in-error")
    assert "not right" in error.text, error.text
    assert find("#email").get_attribute("value") == email, "the email stays filled in"
    shot("sign-in-error")
    find("#password").send_keys(password)
    navigate(find("main form button[type=submit]"))

    WebDriverWait(driver, 10).until(ready.url_contains("/campaigns"))
    shot("campaigns")
    navigate(driver.find_element(By.LINK_TEXT, "New campaign"))
    find("#campaignTitle").send_keys(campaign_title)
    find("#campaignDescription").send_keys("Make great coffee at our roastery, weekends included.")
    find("#customMessage").send_keys("We will call you this week.")
    find("#rejectionMessage").send_keys("Thank you for your time.")
    find("#q0-content").send_keys("Can you work weekends?")
    driver.find_element(By.CSS_SELECTOR, "input[name='questions[0].isMandatory']").click()
    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Add a question']"))
    assert find("#q0-content").get_attribute("value") == "Can you work weekends?", "the first question stays"
    find("#q1-content").send_keys("When could you start?")
    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Create campaign']"))
    # The closing message was left empty: the form says so beside it, keeps everything typed, and focusable.
    error = find("#closingMessage-error")
    assert "is required" in error.text, error.text
    assert find("#closingMessage").get_attribute("aria-invalid") == "true"
    assert find("#q1-content").get_attribute("value") == "When could you start?"
    shot("campaign-form-error")
    shot("campaign-form-error", width=390)
    find("#closingMessage").send_keys("Great, you are through!")
    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Create campaign']"))
    WebDriverWait(driver, 10).until(ready.url_contains("/campaign/outbound/"))
    find("#firstName").send_keys(candidate)
    find("#phoneNumber").send_keys(phone)
    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Start']"))
    find("#transcript")
    WebDriverWait(driver, 15).until(ready.text_to_be_present_in_element((By.ID, "transcript"), "Can you work weekends?"))
    shot("conversation")

    # The candidate answers while the recruiter watches: the reply appears without the page reloading.
    driver.execute_script("window.parleyStillHere = true;")
    request = urllib.request.Request(
        base + "/v1/sandbox/inbound",
        data=json.dumps({"channel": "SMS", "from": phone, "content": "Yes, weekends suit me."}).encode(),
        headers={"content-type": "application/json", "x-api-key": api_key, "x-organization-id": organization},
        method="POST",
    )
    assert urllib.request.urlopen(request, timeout=30).status == 202
    WebDriverWait(driver, 15).until(ready.text_to_be_present_in_element((By.ID, "transcript"), "Yes, weekends suit me."))
    assert driver.execute_script("return window.parleyStillHere === true;"), "the page reloaded"
    shot("reply-arrived")

    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Take over']"))
    WebDriverWait(driver, 10).until(ready.text_to_be_present_in_element((By.ID, "conversation-state"), "taken over"))
    find("#content").send_keys("Hi, this is Sam from the team. Can you come in on Saturday?")
    navigate(driver.find_element(By.XPATH, "//button[normalize-space()='Send']"))
    WebDriverWait(driver, 10).until(ready.text_to_be_present_in_element((By.ID, "transcript"), "Can you come in on Saturday?"))
    assert "Recruiter" in find("#transcript").text
    shot("taken-over")
    shot("taken-over", width=390)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    shot("taken-over-dark")
    navigate(driver.find_element(By.LINK_TEXT, "Settings"))
    find("#users-heading")
    shot("settings-dark")
    print(json.dumps({"ok": True, "screenshots": taken}))
except Exception as failure:
    shot("failure")
    print(json.dumps({"ok": False, "error": repr(failure), "url": driver.current_url, "screenshots": taken}))
    sys.exit(1)
finally:
    driver.quit()
