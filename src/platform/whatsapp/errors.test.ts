import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { classifyGraphError, classifyNetworkError, classifyStatusError } from "./errors.ts";

/** The Graph error envelope as Meta sends it. */
const graph = (code: number, extra: Record<string, unknown> = {}) => ({
  error: {
    message: `(#${code}) Some message`,
    type: "OAuthException",
    code,
    error_data: { messaging_product: "whatsapp", details: "Some details" },
    fbtrace_id: "AbCdEf",
    ...extra,
  },
});

const RETRY_CODES = [130429, 131056, 131057, 80007, 4, 2, 1];
const PERMANENT_CODES = [131026, 131049, 131048, 368, 131031, 100, 190];

describe("classifyGraphError", () => {
  test("131047 needs a template, whatever the HTTP status", () => {
    for (const httpStatus of [400, 200, 500]) {
      assert.deepEqual(classifyGraphError({ httpStatus, body: graph(131047) }), {
        kind: "needs_template",
        code: 131047,
        reason: "The citizen has not written in the last 24 hours; a template is needed.",
      });
    }
  });

  for (const code of RETRY_CODES) {
    test(`${code} is retried`, () => {
      const outcome = classifyGraphError({
        httpStatus: code === 4 || code === 80007 ? 429 : 400,
        body: graph(code),
      });
      assert.equal(outcome.kind, "retry");
      assert.equal(outcome.code, code);
      assert.match(outcome.reason, /retried/);
    });
  }

  test("131056 (pair rate limit) asks for at least 6 s", () => {
    const outcome = classifyGraphError({ httpStatus: 400, body: graph(131056, { error_subcode: 2494071 }) });
    assert.deepEqual(outcome.kind === "retry" && outcome.minDelayMs, 6000);
    const other = classifyGraphError({ httpStatus: 400, body: graph(130429) });
    assert.equal(other.kind === "retry" && other.minDelayMs, undefined);
  });

  for (const code of PERMANENT_CODES) {
    test(`${code} is permanent`, () => {
      const outcome = classifyGraphError({ httpStatus: code === 190 ? 401 : 400, body: graph(code) });
      assert.equal(outcome.kind, "permanent");
      assert.equal(outcome.code, code);
      assert.ok(outcome.reason.endsWith(".") || outcome.reason.endsWith("details"), outcome.reason);
    });
  }

  test("a known code wins over the HTTP status", () => {
    assert.equal(classifyGraphError({ httpStatus: 500, body: graph(131026) }).kind, "permanent");
    assert.equal(classifyGraphError({ httpStatus: 400, body: graph(130429) }).kind, "retry");
  });

  test("100 keeps Meta's details for the operator", () => {
    const outcome = classifyGraphError({ httpStatus: 400, body: graph(100) });
    assert.match(outcome.reason, /Details: Some details$/);
  });

  test("unknown code with 4xx is permanent and carries the details", () => {
    const outcome = classifyGraphError({ httpStatus: 400, body: graph(132018) });
    assert.deepEqual(outcome, {
      kind: "permanent",
      code: 132018,
      reason: "WhatsApp rejected the message (error 132018). Details: Some details",
    });
  });

  test("unknown code with 5xx, and HTTP 429 or 408, are retried", () => {
    assert.deepEqual(classifyGraphError({ httpStatus: 503, body: graph(131000) }), {
      kind: "retry",
      code: 131000,
      reason: "The WhatsApp API answered HTTP 503; the message will be retried.",
    });
    assert.equal(classifyGraphError({ httpStatus: 429, body: null }).kind, "retry");
    assert.equal(classifyGraphError({ httpStatus: 408, body: "" }).kind, "retry");
  });

  test("a numeric string code is understood", () => {
    assert.equal(
      classifyGraphError({ httpStatus: 400, body: { error: { code: "131047" } } }).kind,
      "needs_template",
    );
  });

  test("a JSON string body is parsed", () => {
    const body = JSON.stringify(graph(131056));
    assert.equal(classifyGraphError({ httpStatus: 400, body }).kind, "retry");
  });

  test("very long details are clipped", () => {
    const outcome = classifyGraphError({
      httpStatus: 400,
      body: graph(100, { error_data: { details: "x".repeat(5000) } }),
    });
    assert.ok(outcome.reason.length < 400);
  });

  describe("garbage bodies", () => {
    const garbage: Array<[string, unknown]> = [
      ["null", null],
      ["undefined", undefined],
      ["a string", "Service Unavailable"],
      ["HTML", "<html><body><h1>502 Bad Gateway</h1></body></html>"],
      ["a number", 42],
      ["an array", [1, 2]],
      ["an empty object", {}],
      ["error as a string", { error: "boom" }],
      ["error without code", { error: { message: "x" } }],
      ["error with a float code", { error: { code: 1.5 } }],
    ];
    for (const [label, body] of garbage) {
      test(`${label}: 5xx retries, 4xx is permanent`, () => {
        assert.equal(classifyGraphError({ httpStatus: 502, body }).kind, "retry");
        const outcome = classifyGraphError({ httpStatus: 404, body });
        assert.equal(outcome.kind, "permanent");
        assert.equal(outcome.code, undefined);
        assert.match(outcome.reason, /HTTP 404 without a recognisable error/);
      });
    }
  });

  test("a 2xx or 3xx with no error is not retried blindly", () => {
    assert.equal(classifyGraphError({ httpStatus: 200, body: { messages: [] } }).kind, "permanent");
    assert.equal(classifyGraphError({ httpStatus: 302, body: "" }).kind, "permanent");
  });
});

describe("classifyStatusError", () => {
  const item = (code: number) => ({
    code,
    title: `Title ${code}`,
    message: `Title ${code}`,
    error_data: { details: `Details ${code}` },
  });

  test("131047 needs a template", () => {
    assert.equal(classifyStatusError(item(131047)).kind, "needs_template");
  });

  for (const code of RETRY_CODES) {
    test(`${code} is retried`, () => {
      assert.equal(classifyStatusError(item(code)).kind, "retry");
    });
  }

  for (const code of PERMANENT_CODES) {
    test(`${code} is permanent`, () => {
      const outcome = classifyStatusError(item(code));
      assert.equal(outcome.kind, "permanent");
      assert.equal(outcome.code, code);
    });
  }

  test("131049 keeps its operator reason", () => {
    assert.match(classifyStatusError(item(131049)).reason, /do not resend it automatically/);
  });

  test("an unknown code is permanent with Meta's details", () => {
    assert.deepEqual(classifyStatusError(item(131053)), {
      kind: "permanent",
      code: 131053,
      reason: "WhatsApp could not deliver the message (error 131053). Details: Details 131053",
    });
  });

  test("falls back on title when there are no details, and survives a missing code", () => {
    assert.match(
      classifyStatusError({ code: 135000, title: "Generic user error" }).reason,
      /Generic user error$/,
    );
    const outcome = classifyStatusError({ code: undefined as unknown as number });
    assert.deepEqual(outcome, { kind: "permanent", reason: "WhatsApp could not deliver the message." });
  });
});

describe("classifyNetworkError", () => {
  const fetchFailed = (code: string) => Object.assign(new TypeError("fetch failed"), { cause: { code } });

  test("connection failures before sending are safe to retry", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]) {
      assert.deepEqual(classifyNetworkError(fetchFailed(code)), {
        kind: "retry",
        reason: `Could not reach the WhatsApp API (${code}); the message will be retried.`,
      });
    }
  });

  test("timeouts and resets retry but warn about duplicates", () => {
    const timeout = classifyNetworkError(
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
    );
    assert.equal(timeout.kind, "retry");
    assert.match(timeout.reason, /\(timeout\); it may have been sent/);
    const reset = classifyNetworkError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    assert.match(reset.reason, /\(ECONNRESET\)/);
  });

  test("anything thrown is a retry", () => {
    for (const err of [null, undefined, "boom", 42, {}, new Error("x")]) {
      assert.equal(classifyNetworkError(err).kind, "retry");
    }
  });
});
