import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidPhoneNumberError, isBsuid, maskPhone, normaliseRecipient, parseRecipient } from "./phone.ts";

const EXPECTED = "6281234567890";

describe("normaliseRecipient", () => {
  for (const input of [
    "0812 3456 7890",
    "0812-3456-7890",
    "(0812) 3456.7890",
    "+62 812-3456-7890",
    "+62 (0)812-3456-7890",
    "62 0812 3456 7890",
    "6281234567890",
    "812 3456 7890",
    "0062812 3456 7890",
    "  +6281234567890  ",
  ]) {
    test(`"${input}" becomes ${EXPECTED}`, () => {
      assert.equal(normaliseRecipient(input), EXPECTED);
    });
  }

  test("a Jakarta landline in national format gets the country code", () => {
    assert.equal(normaliseRecipient("021-3456789"), "62213456789");
  });

  test("a missing trunk 0 is only assumed for 9 to 12 digits starting with 8", () => {
    assert.equal(normaliseRecipient("812345678"), "62812345678");
    assert.equal(normaliseRecipient("812345678901"), "62812345678901");
    // 13 digits starting with 8: taken as already international, not Indonesian.
    assert.equal(normaliseRecipient("8123456789012"), "8123456789012");
  });

  test("numbers that already carry another country code are kept", () => {
    assert.equal(normaliseRecipient("+1 (650) 555-1234"), "16505551234");
    assert.equal(normaliseRecipient("0060 12-345 6789"), "60123456789");
    assert.equal(normaliseRecipient("16505551234"), "16505551234");
  });

  test("length bounds: 8 and 15 digits pass, 7 and 16 do not", () => {
    assert.equal(normaliseRecipient("+1234 5678"), "12345678");
    assert.equal(normaliseRecipient("+123456789012345"), "123456789012345");
    assert.throws(() => normaliseRecipient("+1234567"), /7 digits; at least 8/);
    assert.throws(() => normaliseRecipient("+1234567890123456"), /16 digits; at most 15/);
  });

  test("throws InvalidPhoneNumberError with an English reason", () => {
    assert.throws(
      () => normaliseRecipient("nomor saya 0812"),
      (err: unknown) =>
        err instanceof InvalidPhoneNumberError && err.reason === "The phone number contains letters.",
    );
  });
});

describe("parseRecipient", () => {
  const reasonOf = (input: string): string => {
    const r = parseRecipient(input);
    assert.equal(r.ok, false);
    return r.ok ? "" : r.reason;
  };

  test("ok result carries the digits", () => {
    assert.deepEqual(parseRecipient("0812 3456 7890"), { ok: true, value: EXPECTED });
  });

  test("empty and blank input", () => {
    assert.equal(reasonOf(""), "The phone number is empty.");
    assert.equal(reasonOf("   "), "The phone number is empty.");
  });

  test("letters, such as a name typed with the number", () => {
    assert.equal(reasonOf("0812-ABC-7890"), "The phone number contains letters.");
    assert.equal(reasonOf("Bu Siti 0812 3456"), "The phone number contains letters.");
  });

  test("other characters and a '+' in the middle", () => {
    assert.match(reasonOf("0812#3456"), /other than digits/);
    assert.match(reasonOf("62+81234567890"), /other than digits/);
    assert.match(reasonOf("+"), /other than digits/);
  });

  test("a country code cannot start with 0", () => {
    assert.match(reasonOf("+0812 3456 7890"), /country code/);
    assert.match(reasonOf("000812 3456 7890"), /country code/);
  });

  test("too short after normalisation", () => {
    assert.match(reasonOf("0812"), /5 digits; at least 8/);
  });
});

describe("maskPhone", () => {
  test("keeps the first 4 and last 2 digits", () => {
    assert.equal(maskPhone(EXPECTED), "6281•••••••90");
    assert.equal(maskPhone("12345678"), "1234••78");
  });

  test("short values are masked entirely", () => {
    assert.equal(maskPhone("123456"), "••••••");
    assert.equal(maskPhone(""), "");
  });
});

describe("isBsuid", () => {
  test("accepts country, period and 1 to 128 alphanumerics", () => {
    assert.equal(isBsuid("ID.1349846292736"), true);
    assert.equal(isBsuid("US.a"), true);
    assert.equal(isBsuid(`ID.${"a1".repeat(64)}`), true);
  });

  test("rejects other shapes", () => {
    assert.equal(isBsuid(`ID.${"a".repeat(129)}`), false);
    assert.equal(isBsuid("ID."), false);
    assert.equal(isBsuid("id.1349"), false);
    assert.equal(isBsuid("IDN.1349"), false);
    assert.equal(isBsuid("ID.13-49"), false);
    assert.equal(isBsuid("6281234567890"), false);
  });
});
