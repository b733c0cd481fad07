import { describe, expect, it } from "vitest";
import { ParseError, parseMessage, SipRequest } from "../../src/core/messages/index.js";
import { DEFAULT_ALLOW } from "../../src/core/user-agent-core/index.js";
import { checkRequest } from "../../src/core/user-agent-core/statelessChecks.js";
import { badRequestFor } from "../../src/streams/transports/badRequest.js";
import { OWN_FIXTURES } from "./fixtures/messages.js";
import { parseFully } from "./torture.js";

/**
 * rxsip's own conformance messages (test/conformance/fixtures): they always run, with or
 * without the RFC corpus beside the checkout, and cover the same classes of fault.
 */
describe("rxsip's own conformance messages", () => {
  it("cover every class: valid, framing, syntax, semantics", () => {
    const classes = new Set(OWN_FIXTURES.map((f) => (f.expect === "invalid" ? f.code : f.expect)));
    for (const c of ["valid", "semantic", "BODY_TRUNCATED", "CONTENT_LENGTH", "HEADER_VALUE", "HEADER_LINE", "REQUEST_URI"]) expect(classes).toContain(c);
  });

  for (const f of OWN_FIXTURES.filter((x) => x.expect === "valid")) {
    it(`${f.name}: ${f.what} — parses, every header readable`, () => {
      expect(() => parseFully(f.text)).not.toThrow();
      expect(() => parseFully(new TextEncoder().encode(f.text))).not.toThrow();
    });
  }

  for (const f of OWN_FIXTURES.filter((x) => x.expect === "invalid")) {
    it(`${f.name}: ${f.what} — ParseError ${f.code}${f.text.startsWith("SIP/") ? "" : ", and a 400 on the wire"}`, () => {
      let error: unknown;
      try {
        parseFully(new TextEncoder().encode(f.text));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).code).toBe(f.code);
      if (!f.text.startsWith("SIP/") && f.text.includes("\r\nVia: ")) {
        expect(badRequestFor(f.text, error as ParseError)).toMatch(/^SIP\/2\.0 400 /);
      }
    });
  }

  for (const f of OWN_FIXTURES.filter((x) => x.expect === "semantic")) {
    it(`${f.name}: ${f.what} — parses, and a user agent answers ${f.status}`, () => {
      const m = parseMessage(f.text);
      expect(m).toBeInstanceOf(SipRequest);
      const answer = checkRequest(m as SipRequest, { allow: DEFAULT_ALLOW, supported: ["100rel", "timer"], accept: ["application/sdp"] });
      expect(answer?.statusCode).toBe(f.status);
    });
  }
});
