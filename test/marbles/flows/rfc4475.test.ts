/**
 * RFC 4475 §3.1.2 / §3.3: the torture messages that parse but must be refused (or processed)
 * by a user agent, given to a UserAgentCore exactly as they arrive from the wire:
 * `core.receive(parseMessage(bytes))`, with a transport that records what the core sends.
 *
 * The messages are read in place from ../shared/rfc-torture beside the checkout; a missing
 * corpus fails under CI=true and is skipped elsewhere (test/corpus.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { NameAddr, parseMessage, SipRequest, SipResponse, Uri, type SipMessageAny } from "../../../src/core/messages/index.js";
import { DEFAULT_ALLOW, UserAgentCore, type CoreTransport, type IncomingNonInvite } from "../../../src/core/user-agent-core/index.js";
import { seeded } from "../../core/user-agent-core/link.js";
import { runMarbles } from "../helpers.js";
import { CORPUS_DIR, describeWithCorpus } from "../../corpus.js";

const CORPUS = CORPUS_DIR;

interface Entry {
  name: string;
  file: string;
  rfcSection: string;
  title: string;
  expect: string;
  what: string;
}

function manifest(): Entry[] {
  const file = resolve(CORPUS, "manifest.json");
  if (!existsSync(file)) return []; // describeWithCorpus fails (CI) or skips
  return JSON.parse(readFileSync(file, "utf8")) as Entry[];
}

const entries = manifest();
function entry(name: string): Entry {
  const e = entries.find((m) => m.name === name);
  if (e === undefined) throw new Error(`no torture message named ${name} in the manifest`);
  return e;
}

interface Delivery {
  sent: SipResponse[];
  /** Requests the core passed up to its delegate. */
  delivered: SipRequest[];
  core: UserAgentCore;
}

/** Gives the message's bytes to a fresh core and lets virtual time run out. */
function deliver(name: string): Delivery {
  const bytes = new Uint8Array(readFileSync(resolve(CORPUS, entry(name).file)));
  return runMarbles(({ scheduler }) => {
    const sent: SipResponse[] = [];
    const delivered: SipRequest[] = [];
    const transport: CoreTransport = {
      reliable: false,
      protocol: "UDP",
      viaHost: "uas.example.com",
      send(message) {
        // what leaves the core goes through the wire format and back, as a peer would read it
        const back: SipMessageAny = parseMessage(message.toString());
        expect(back).toBeInstanceOf(SipResponse);
        sent.push(back as SipResponse);
      },
    };
    const core = new UserAgentCore({
      transport,
      aor: Uri.sip("user", "example.com"),
      contact: new NameAddr({ uri: Uri.sip("user", "uas.example.com") }),
      scheduler,
      random: seeded(4475),
      // a registrar as well as a phone: REGISTER is implemented, and answered by the delegate
      allow: [...DEFAULT_ALLOW, "REGISTER"],
      delegate: {
        onRequest(incoming: IncomingNonInvite) {
          delivered.push(incoming.request);
          incoming.accept();
        },
        onInvite(invite) {
          delivered.push(invite.request);
          invite.reject({ statusCode: 486 });
        },
      },
    });
    core.receive(parseMessage(bytes));
    scheduler.flush();
    return { sent, delivered, core };
  });
}

/**
 * The final response the core sent, checked to answer the request it was given. Over UDP a
 * non-2xx final response to an INVITE is retransmitted until the ACK (Timer G, §17.2.1),
 * which never comes here: every copy must be the same response.
 */
function finalResponse(name: string, d: Delivery): SipResponse {
  const finals = d.sent.filter((r) => r.statusCode >= 200);
  expect(finals.length, `${name}: a final response`).toBeGreaterThanOrEqual(1);
  const res = finals[0]!;
  if (res.cseq.method !== "INVITE") expect(finals, `${name}: one final response to a non-INVITE`).toHaveLength(1);
  for (const again of finals) expect(again.toString()).toBe(res.toString());
  const req = parseMessage(new Uint8Array(readFileSync(resolve(CORPUS, entry(name).file)))) as SipRequest;
  // §8.2.6.2: the response copies the Via of the request, and its branch
  expect(res.via.branch).toBe(req.via.branch);
  return res;
}

describeWithCorpus("RFC 4475 semantically invalid messages given to a UserAgentCore get the response the RFC names", () => {
  it("the corpus is where the tests read it from", () => {
    expect(existsSync(resolve(CORPUS, "manifest.json"))).toBe(true);
  });

  const cases: Array<[name: string, status: number, sentence: string]> = [
    ["badvers", 505, "§3.1.2.16: a request with SIP-Version SIP/7.0 gets 505 (Version Not Supported)"],
    ["mismatch01", 400, "§3.1.2.17: a request whose CSeq method differs from the method gets 400 (Bad Request)"],
    ["mismatch02", 501, "§3.1.2.18: an unknown method with a mismatching CSeq method gets 501 (Not Implemented)"],
    ["unkscm", 416, "§3.3.2: a Request-URI with an unknown scheme gets 416 (Unsupported URI Scheme)"],
    ["novelsc", 416, "§3.3.3: a Request-URI scheme that is never meaningful gets 416 (Unsupported URI Scheme)"],
    ["bext01", 420, "§3.3.5: a Require with option tags the UAS does not support gets 420 (Bad Extension)"],
    ["invut", 415, "§3.3.6: an INVITE body of a type the endpoint does not understand gets 415 (Unsupported Media Type)"],
    ["multi01", 400, "§3.3.9: a request with several different CSeq, Call-ID, To, From and Max-Forwards gets 400 (Bad Request)"],
    ["sdp01", 406, "§3.3.15: an INVITE whose Accept excludes application/sdp gets 406 (Not Acceptable)"],
    ["insuf", 400, "§3.3.1: a request missing Call-ID, From, To and Max-Forwards gets 400 (Bad Request)"],
    ["escruri", 400, "§3.1.2.13: a Request-URI with escaped headers may be rejected with 400 (Bad Request)"],
  ];

  for (const [name, status, sentence] of cases) {
    it(`${name}: ${sentence}`, () => {
      const e = entry(name);
      expect(["valid-but-reject-semantically", "invalid"]).toContain(e.expect);
      expect(e.what).toContain(String(status));
      const d = deliver(name);
      const res = finalResponse(name, d);
      expect(res.statusCode).toBe(status);
      expect(d.delivered).toHaveLength(0); // refused before any application saw it
      expect(d.core.dialogCount).toBe(0);
      if (name === "bext01") {
        // §8.2.2.3: "the UAS MUST ... list those options in the Unsupported header field"
        const unsupported = res.tokens("unsupported");
        expect(unsupported).toEqual(["nothingSupportsThis", "nothingSupportsThisEither"]);
      }
      if (name === "mismatch02") expect(res.tokens("allow")).toContain("INVITE");
      if (name === "sdp01") expect(res.getHeader("warning")).toMatch(/^399 /);
      if (name === "invut") expect(res.getHeaders("accept")).toContain("application/sdp");
    });
  }

  it("zeromf: §3.3.11 an endpoint processes an OPTIONS with Max-Forwards 0 normally (200)", () => {
    const d = deliver("zeromf");
    expect(finalResponse("zeromf", d).statusCode).toBe(200);
    expect(d.delivered.map((r) => r.method)).toEqual(["OPTIONS"]);
  });

  it("regaut01: §3.3.8 a REGISTER with an Authorization of an unknown scheme is processed by a registrar not doing auth", () => {
    const d = deliver("regaut01");
    expect(finalResponse("regaut01", d).statusCode).toBe(200);
    expect(d.delivered.map((r) => r.method)).toEqual(["REGISTER"]);
  });

  it("cparam01: §3.3.12 REGISTER succeeds; ;unknownparam of an addr-spec Contact is a header parameter, not a URI parameter", () => {
    const d = deliver("cparam01");
    expect(finalResponse("cparam01", d).statusCode).toBe(200);
    const contact = d.delivered[0]!.contacts[0]!;
    expect(contact.uri.params).toEqual({});
    expect(contact.params).toHaveProperty("unknownparam");
  });

  it("cparam02: §3.3.13 REGISTER succeeds; ;unknownparam inside <> is a URI parameter and stays in the binding", () => {
    const d = deliver("cparam02");
    expect(finalResponse("cparam02", d).statusCode).toBe(200);
    const contact = d.delivered[0]!.contacts[0]!;
    expect(contact.uri.params).toHaveProperty("unknownparam");
    expect(contact.uri.toString()).toBe("sip:+19725552222@gw1.example.net;unknownparam");
  });

  it("regescrt: §3.3.14 REGISTER succeeds; the escaped Route header stays in the Contact URI", () => {
    const d = deliver("regescrt");
    expect(finalResponse("regescrt", d).statusCode).toBe(200);
    const contact = d.delivered[0]!.contacts[0]!;
    expect(contact.uri.headers).toEqual({ Route: "<sip:sip.example.com>" });
    expect(contact.uri.toString()).toBe("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
  });
});
