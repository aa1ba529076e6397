/** The small rules behind the public pages: phone numbers, chat links, the week in words. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_WEEKLY } from "../sla/calendar.ts";
import { formatPhone, hasAddress, hoursLines, numberFor, phoneDigits, waLink } from "./office.service.ts";

test("numbers: wa.me gets international digits, people get a readable number", () => {
  assert.equal(phoneDigits("+62 812-3456-7890"), "6281234567890");
  assert.equal(phoneDigits("0812 3456 7890"), "6281234567890", "a local number is Indonesian");
  assert.equal(formatPhone("6238000000001"), "+62 380-0000-0001");
  assert.equal(formatPhone("+62 812-3456-7890"), "+62 812-3456-7890", "Meta's own formatting is kept");
  assert.equal(formatPhone("62 812 3456 7890"), "+62 812 3456 7890");
  assert.equal(waLink("6281234567890"), "https://wa.me/6281234567890");
  assert.equal(
    waLink("6281234567890", "Akta kelahiran & KK"),
    "https://wa.me/6281234567890?text=Akta%20kelahiran%20%26%20KK",
  );
});

test("a service is served by its own number first, else by the number for everything", () => {
  const general = { label: "Semua", display: "", digits: "1", serviceCodes: [] };
  const kia = { label: "KIA", display: "", digits: "2", serviceCodes: ["kia"] };
  assert.equal(numberFor([general, kia], "kia"), kia);
  assert.equal(numberFor([general, kia], "kk"), general);
  assert.equal(numberFor([kia], "kk"), undefined);
});

test("the week in words: equal days grouped, closed days said", () => {
  assert.deepEqual(hoursLines(DEFAULT_WEEKLY, "id"), [
    { days: "Senin–Kamis", times: "07.30–12.00, 13.00–16.00" },
    { days: "Jumat", times: "07.30–11.30, 13.00–16.00" },
    { days: "Sabtu–Minggu" },
  ]);
  const saturday = { ...DEFAULT_WEEKLY, sat: [{ start: "08:00", end: "12:00" }] };
  assert.deepEqual(
    hoursLines(saturday, "en").map((h) => h.days),
    ["Monday–Thursday", "Friday", "Saturday", "Sunday"],
  );
});

test("complaint channels outside the chat are the ones with an address or a number", () => {
  assert.ok(hasAddress("lapor.go.id, SMS 1708"));
  assert.ok(hasAddress("ombudsman.go.id"));
  assert.ok(!hasAddress("Chat WhatsApp ini"));
});
