import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("no configuration at all is the demo: embedded database in ./data, simulator on", () => {
  const config = loadConfig({}, "/srv/lontar");
  assert.equal(config.simulator, true);
  assert.equal(config.dataDir, "/srv/lontar/data");
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.port, 3000);
  assert.equal(config.whatsapp.apiUrl, "https://graph.facebook.com");
  assert.equal(config.outbox.ratePerSecond, 80);
});

test("configuring WhatsApp turns the simulator off and makes its secrets required, by name", () => {
  assert.throws(
    () => loadConfig({ WHATSAPP_ACCESS_TOKEN: "EAAG..." }),
    (e: ConfigError) =>
      /WHATSAPP_APP_SECRET is required/.test(e.message) &&
      /WHATSAPP_VERIFY_TOKEN is required/.test(e.message),
  );
  const config = loadConfig({
    WHATSAPP_ACCESS_TOKEN: "EAAG",
    WHATSAPP_APP_SECRET: "s",
    WHATSAPP_VERIFY_TOKEN: "v",
    WHATSAPP_PHONE_NUMBER_ID: "1234567890",
    WHATSAPP_API_URL: "http://127.0.0.1:9999/",
  });
  assert.equal(config.simulator, false);
  assert.equal(config.whatsapp.apiUrl, "http://127.0.0.1:9999");
});

test("every bad value is reported at once, naming the variable, without echoing a database password", () => {
  try {
    loadConfig({
      PORT: "eighty",
      DATABASE_URL: "mysql://root:hunter2@db/x",
      WHATSAPP_API_VERSION: "25",
      LOG_LEVEL: "loud",
    });
    assert.fail("should have thrown");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 4);
    assert.match(error.message, /PORT must be a whole number/);
    assert.match(error.message, /DATABASE_URL must be a postgres: or postgresql: URL/);
    assert.match(error.message, /WHATSAPP_API_VERSION must be like v25\.0/);
    assert.match(error.message, /LOG_LEVEL must be one of/);
    assert.doesNotMatch(error.message, /hunter2/);
  }
});

test("the simulator cannot be forced on while a real API URL is configured", () => {
  assert.throws(
    () => loadConfig({ LONTAR_SIMULATOR: "true", WHATSAPP_API_URL: "https://graph.facebook.com" }),
    /LONTAR_SIMULATOR/,
  );
});

test("media size limits are in MB, default 5 (photo) and 20 (PDF), and never above Meta's own", () => {
  const { media } = loadConfig({});
  assert.deepEqual(media, { maxImageBytes: 5 * 1024 * 1024, maxDocumentBytes: 20 * 1024 * 1024 });
  assert.equal(loadConfig({ LONTAR_MAX_IMAGE_MB: "2" }).media.maxImageBytes, 2 * 1024 * 1024);
  assert.throws(
    () => loadConfig({ LONTAR_MAX_IMAGE_MB: "6", LONTAR_MAX_DOCUMENT_MB: "101" }),
    (e: ConfigError) =>
      /LONTAR_MAX_IMAGE_MB must be a whole number from 1 to 5/.test(e.message) &&
      /LONTAR_MAX_DOCUMENT_MB must be a whole number from 1 to 100/.test(e.message),
  );
});

test("broadcasts: tier 250 and placeholder USD prices by default; bad values are named", () => {
  const { broadcasts } = loadConfig({});
  assert.deepEqual(broadcasts, { tier: 250, rates: { marketing: 0.0411, utility: 0.02 }, currency: "USD" });
  const set = loadConfig({
    LONTAR_MESSAGING_TIER: "unlimited",
    LONTAR_TEMPLATE_RATES: "marketing=650, utility=300",
    LONTAR_TEMPLATE_RATE_CURRENCY: "IDR",
  }).broadcasts;
  assert.deepEqual(set, { tier: "unlimited", rates: { marketing: 650, utility: 300 }, currency: "IDR" });
  assert.equal(loadConfig({ LONTAR_MESSAGING_TIER: "10000" }).broadcasts.tier, 10000);
  assert.throws(
    () =>
      loadConfig({
        LONTAR_MESSAGING_TIER: "500",
        LONTAR_TEMPLATE_RATES: "promo=1",
        LONTAR_TEMPLATE_RATE_CURRENCY: "rupiah",
      }),
    (e: ConfigError) =>
      e.problems.length === 3 &&
      /LONTAR_MESSAGING_TIER must be one of 250, 2000, 10000, 100000, unlimited/.test(e.message) &&
      /LONTAR_TEMPLATE_RATES must be category=price pairs/.test(e.message) &&
      /LONTAR_TEMPLATE_RATE_CURRENCY must be a three-letter code/.test(e.message),
  );
});
