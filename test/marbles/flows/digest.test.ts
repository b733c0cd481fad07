/**
 * Digest authentication of INVITE and REGISTER (RFC 3261 §22, RFC 7616, RFC 8760) with each
 * algorithm: the user agent at the other end challenges with 407 (INVITE, as a proxy would)
 * or 401 (REGISTER, as a registrar), and checks the credentials of the retry with
 * node:crypto, independently of rxsip's own hashes. A stale nonce (stale=true) is answered
 * again with the new nonce; a refusal of the same credentials is not.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DigestAuthenticator, type DigestAlgorithmName, sha2Digest } from "../../../src/core/auth/index.js";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { NameAddr, Uri, type SipRequest } from "../../../src/core/messages/index.js";
import { DEFAULT_ALLOW, sessionTimers, type IncomingNonInvite } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine, hostOf, seeded, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { SDP } from "./sdp.js";

const USER = "alice";
const PASSWORD = "correct horse battery staple";
const REALM = "example.test";
const NODE_HASH: Record<string, string> = { MD5: "md5", "SHA-256": "sha256", "SHA-512-256": "sha512-256" };
const ALGORITHMS: DigestAlgorithmName[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"];

/** The parameters of a Digest credentials value, read with a regular expression (not with rxsip's grammar). */
function params(value: string): Record<string, string> {
  expect(value.startsWith("Digest ")).toBe(true);
  const out: Record<string, string> = {};
  for (const m of value.slice(7).matchAll(/([A-Za-z-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) out[m[1]!.toLowerCase()] = m[2] ?? m[3]!;
  return out;
}

/**
 * Checks Digest credentials as a server would (RFC 7616 §3.4.1), with node:crypto. Returns
 * "ok", or why not: "missing", "stale" (the nonce is not `nonce`), "wrong".
 */
function verify(request: SipRequest, header: string, algorithm: DigestAlgorithmName, nonce: string, password = PASSWORD): "ok" | "missing" | "stale" | "wrong" {
  const value = request.getHeader(header);
  if (value === undefined) return "missing";
  const p = params(value);
  const session = algorithm.endsWith("-sess");
  const H = (s: string) => createHash(NODE_HASH[algorithm.replace(/-sess$/, "")]!).update(s, "utf8").digest("hex");
  expect(p.username).toBe(USER);
  expect(p.realm).toBe(REALM);
  expect(p.algorithm).toBe(algorithm);
  expect(p.uri).toBe(request.ruri.toString()); // RFC 3261 §22.4: digest-uri is the Request-URI
  expect(p.opaque).toBe("opaque-value");
  expect(p.qop).toBe("auth");
  expect(p.nc).toMatch(/^[0-9a-f]{8}$/);
  expect(p.cnonce).toBeTruthy();
  if (p.nonce !== nonce) return "stale";
  let ha1 = H(`${USER}:${REALM}:${password}`);
  if (session) ha1 = H(`${ha1}:${p.nonce}:${p.cnonce}`);
  const ha2 = H(`${request.method}:${p.uri}`);
  const expected = H(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  return p.response === expected ? "ok" : "wrong";
}

const challenge = (algorithm: DigestAlgorithmName, nonce: string, stale = false) =>
  `Digest realm="${REALM}", nonce="${nonce}", opaque="opaque-value", algorithm=${algorithm}, qop="auth"${stale ? ", stale=true" : ""}`;

const cseqs = (wire: WireEntry[]) => wire.filter((w) => !w.dropped).map((w) => `${w.from}: ${firstLine(w.text)} (${/\r\nCSeq: ([^\r]*)/.exec(w.text)![1]})`);

/** §13.2.2.4: "The ACK MUST contain the same credentials as the INVITE": the Proxy-Authorization of the INVITE with CSeq `seq`, and of its ACK. */
function ackCredentials(wire: WireEntry[], seq: number): [string | undefined, string | undefined] {
  const of = (start: string) => wire.find((w) => w.text.startsWith(start) && w.text.includes(`\r\nCSeq: ${seq} `));
  const auth = (w: WireEntry | undefined) => /\r\nProxy-Authorization: ([^\r]*)/.exec(w?.text ?? "")?.[1];
  return [auth(of("INVITE ")), auth(of("ACK "))];
}

interface RegistrarOptions {
  password?: string;
  staleFirst?: boolean;
  /** The WWW-Authenticate values of its 401s (default: one challenge of the algorithm checked). */
  challenges?: (nonce: string) => string[];
}

/** A registrar at bob's host: 401 until the credentials check out, then 200 with the binding. */
function registrar(algorithm: DigestAlgorithmName, nonces: string[], options: RegistrarOptions = {}) {
  const verdicts: string[] = [];
  let current = 0;
  return {
    verdicts,
    onRequest(incoming: IncomingNonInvite) {
      const req = incoming.request;
      expect(req.method).toBe("REGISTER");
      const verdict = verify(req, "authorization", algorithm, nonces[current]!, options.password);
      verdicts.push(verdict);
      if (verdict === "ok" && options.staleFirst && current === 0) {
        // the nonce has expired: the credentials were right, the client should retry with the new nonce
        current = 1;
        incoming.reject({ statusCode: 401, extraHeaders: [["WWW-Authenticate", challenge(algorithm, nonces[1]!, true)]] });
      } else if (verdict === "ok") {
        incoming.accept({ extraHeaders: [["Contact", `${req.getHeader("contact")};expires=600`]] });
      } else {
        const headers = options.challenges?.(nonces[current]!) ?? [challenge(algorithm, nonces[current]!)];
        incoming.reject({ statusCode: 401, extraHeaders: headers.map((value) => ["WWW-Authenticate", value] as [string, string]) });
      }
    },
  };
}

function register(
  h: Parameters<Parameters<typeof runMarbles>[0]>[0],
  algorithm: DigestAlgorithmName,
  options: RegistrarOptions & { withoutSha2?: boolean } = {},
) {
  const { scheduler } = h;
  const authenticator = new DigestAuthenticator({ username: USER, password: PASSWORD }, { random: seeded(7), algorithms: options.withoutSha2 ? [] : sha2Digest() });
  const { alice, bob, wire } = linkedCores(scheduler, { alice: { authenticator }, bob: { allow: [...DEFAULT_ALLOW, "REGISTER"] } });
  const reg = registrar(algorithm, ["nonce-1", "nonce-2"], options);
  bob.delegate = { onRequest: (incoming) => reg.onRequest(incoming) };
  const outcome: string[] = [];
  const aor = new NameAddr({ uri: Uri.sip(USER, REALM) });
  alice.request(alice.createRequest("REGISTER", Uri.sip(undefined, hostOf("bob")), { to: aor, from: aor, contact: true, extraHeaders: [["Expires", "600"]] }), {
    onAccept: (r) => outcome.push(`registered ${r.statusCode}`),
    onReject: (r) => outcome.push(`rejected ${r.statusCode}`),
  });
  scheduler.flush();
  return { wire, verdicts: reg.verdicts, outcome };
}

describe("digest authentication (RFC 3261 §22, RFC 7616, RFC 8760)", () => {
  for (const algorithm of ALGORITHMS) {
    describe(algorithm, () => {
      it(`INVITE: a 407 with Proxy-Authenticate (algorithm=${algorithm}) is ACKed and the INVITE sent again, CSeq + 1, with Proxy-Authorization that verifies`, () => {
        runMarbles((h) => {
          const { scheduler } = h;
          const authenticator = new DigestAuthenticator({ username: USER, password: PASSWORD }, { random: seeded(5), algorithms: sha2Digest() });
          const { alice, bob, wire } = linkedCores(scheduler, { alice: { authenticator } });
          const verdicts: string[] = [];
          bob.delegate = {
            onInvite(invite) {
              const verdict = verify(invite.request, "proxy-authorization", algorithm, "invite-nonce");
              verdicts.push(verdict);
              if (verdict === "ok") invite.accept({ body: SDP });
              else invite.reject({ statusCode: 407, extraHeaders: [["Proxy-Authenticate", challenge(algorithm, "invite-nonce")]] });
            },
          };
          let session: InviteSession | undefined;
          alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), { onAccept: (_r, s) => (session = s) });
          script(h, "1s e", { e: () => session!.bye() });
          scheduler.flush();
          expect(cseqs(wire)).toEqual([
            "alice: INVITE (1 INVITE)",
            "bob: SIP/2.0 407 Proxy Authentication Required (1 INVITE)",
            "alice: ACK (1 ACK)",
            "alice: INVITE (2 INVITE)",
            "bob: SIP/2.0 200 OK (2 INVITE)",
            "alice: ACK (2 ACK)",
            "alice: BYE (3 BYE)",
            "bob: SIP/2.0 200 OK (3 BYE)",
          ]);
          expect(verdicts).toEqual(["missing", "ok"]);
          const [inviteAuth, ackAuth] = ackCredentials(wire, 2);
          expect(inviteAuth).toBeDefined();
          expect(ackAuth).toBe(inviteAuth);
          // the password never goes on the wire
          for (const w of wire) expect(w.text).not.toContain(PASSWORD);
        });
      });

      it(`REGISTER: a 401 with WWW-Authenticate (algorithm=${algorithm}) is answered with Authorization that verifies, and the registration succeeds`, () => {
        runMarbles((h) => {
          const { wire, verdicts, outcome } = register(h, algorithm);
          expect(cseqs(wire)).toEqual([
            "alice: REGISTER (1 REGISTER)",
            "bob: SIP/2.0 401 Unauthorized (1 REGISTER)",
            "alice: REGISTER (2 REGISTER)",
            "bob: SIP/2.0 200 OK (2 REGISTER)",
          ]);
          expect(verdicts).toEqual(["missing", "ok"]);
          expect(outcome).toEqual(["registered 200"]);
        });
      });
    });
  }

  for (const algorithm of ["SHA-256", "SHA-512-256-sess"] as const) {
    it(`without sha2Digest(): a registrar offering only ${algorithm} is not answered, its 401 stands`, () => {
      runMarbles((h) => {
        const { wire, verdicts, outcome } = register(h, algorithm, { withoutSha2: true });
        expect(cseqs(wire)).toEqual(["alice: REGISTER (1 REGISTER)", "bob: SIP/2.0 401 Unauthorized (1 REGISTER)"]);
        expect(verdicts).toEqual(["missing"]);
        expect(outcome).toEqual(["rejected 401"]);
      });
    });
  }

  describe("challenge headers as real servers write them (RFC 7235 §4.1, RFC 8760 §2.4)", () => {
    const sha256 = (nonce: string) => challenge("SHA-256", nonce);
    const cases: [string, (nonce: string) => string[]][] = [
      // a Windows-style server lists its other schemes first; a bare or token68 one is not an auth-param list
      ["a Negotiate challenge with no parameters beside the Digest one", (n) => ["Negotiate", sha256(n)]],
      ["a Negotiate challenge with a token68 beside the Digest one", (n) => ["Negotiate YIIB6wYJKoZIhvcSAQICAQBuggHaMIIB1qADAgEFoQMCAQ6iBwMFACAAAACjggEBYYH+MIH7oAMCAQU=", sha256(n)]],
      ["two challenges in one header, MD5 first", (n) => [`${challenge("MD5", "md5-nonce")}, ${sha256(n)}`]],
      ["a Basic challenge and the Digest one in one header", (n) => [`Basic realm="${REALM}", ${sha256(n)}`]],
    ];
    for (const [name, challenges] of cases) {
      it(`${name}: the Digest challenge is answered and the registration succeeds`, () => {
        runMarbles((h) => {
          const { wire, verdicts, outcome } = register(h, "SHA-256", { challenges });
          expect(cseqs(wire)).toEqual([
            "alice: REGISTER (1 REGISTER)",
            "bob: SIP/2.0 401 Unauthorized (1 REGISTER)",
            "alice: REGISTER (2 REGISTER)",
            "bob: SIP/2.0 200 OK (2 REGISTER)",
          ]);
          expect(verdicts).toEqual(["missing", "ok"]);
          expect(outcome).toEqual(["registered 200"]);
        });
      });
    }
  });

  describe("a 401 that cannot be answered stands: no retry, no exception", () => {
    const cases: [string, (nonce: string) => string[]][] = [
      ["no WWW-Authenticate at all", () => []],
      ["a Digest challenge without a nonce", () => [`Digest realm="${REALM}", qop="auth"`]],
      ["a Digest challenge without a realm", (n) => [`Digest nonce="${n}", qop="auth"`]],
      ["only a bare Negotiate", () => ["Negotiate"]],
      ["a 48 000-character garbage value", () => [`Digest ${'"=,\\'.repeat(12_000)}`]],
    ];
    for (const [name, challenges] of cases) {
      it(name, () => {
        runMarbles((h) => {
          const { wire, verdicts, outcome } = register(h, "SHA-256", { challenges });
          expect(cseqs(wire)).toEqual(["alice: REGISTER (1 REGISTER)", "bob: SIP/2.0 401 Unauthorized (1 REGISTER)"]);
          expect(verdicts).toEqual(["missing"]);
          expect(outcome).toEqual(["rejected 401"]);
        });
      });
    }
  });

  it("§22.3: an INVITE challenged by two proxies in turn (two realms) goes the third time with both Proxy-Authorization values, and its ACK carries both", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const authenticator = new DigestAuthenticator({ username: USER, password: PASSWORD }, { random: seeded(13) });
      const { alice, bob, wire } = linkedCores(scheduler, { alice: { authenticator } });
      const realms = ["outer.test", "inner.test"];
      const verdicts: string[] = [];
      /** The Proxy-Authorization value for `realm` that verifies with node:crypto (MD5, qop=auth), if any. */
      const valid = (request: SipRequest, realm: string) =>
        request.getHeaders("proxy-authorization").some((value) => {
          const p = params(value);
          const H = (x: string) => createHash("md5").update(x, "utf8").digest("hex");
          const ha2 = H(`${request.method}:${p.uri}`);
          return p.realm === realm && p.nonce === `${realm}-nonce` && p.uri === request.ruri.toString() && p.response === H(`${H(`${USER}:${realm}:${PASSWORD}`)}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
        });
      bob.delegate = {
        onInvite(invite) {
          const missing = realms.find((realm) => !valid(invite.request, realm));
          verdicts.push(missing ?? "ok");
          if (missing === undefined) invite.accept({ body: SDP });
          else invite.reject({ statusCode: 407, extraHeaders: [["Proxy-Authenticate", `Digest realm="${missing}", nonce="${missing}-nonce", qop="auth"`]] });
        },
      };
      let session: InviteSession | undefined;
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), { onAccept: (_r, s) => (session = s) });
      script(h, "1s e", { e: () => session!.bye() });
      scheduler.flush();
      expect(verdicts).toEqual(["outer.test", "inner.test", "ok"]);
      const ack = wire.find((w) => w.text.startsWith("ACK ") && w.text.includes("\r\nCSeq: 3 ACK"))!;
      expect([...ack.text.matchAll(/\r\nProxy-Authorization: Digest username="alice", realm="([^"]+)"/g)].map((m) => m[1])).toEqual(realms);
    });
  });

  it("RFC 4028 §7.4 after §22.3: the INVITE sent again after a 422 carries fresh credentials (nc 2), not a replay of the last ones", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const authenticator = new DigestAuthenticator({ username: USER, password: PASSWORD }, { random: seeded(17) });
      const { alice, bob } = linkedCores(scheduler, { alice: { authenticator, sessionTimers: sessionTimers({ sessionExpires: 90 }) } });
      const seen: string[] = [];
      bob.delegate = {
        onInvite(invite) {
          const verdict = verify(invite.request, "proxy-authorization", "MD5", "n-422");
          const nc = verdict === "missing" ? "-" : params(invite.request.getHeader("proxy-authorization")!).nc;
          seen.push(`${verdict} nc=${nc} se=${invite.request.getHeader("session-expires")}`);
          if (verdict !== "ok") invite.reject({ statusCode: 407, extraHeaders: [["Proxy-Authenticate", challenge("MD5", "n-422")]] });
          else if (invite.request.getHeader("session-expires") === "90") invite.reject({ statusCode: 422, extraHeaders: [["Min-SE", "300"]] });
          else invite.accept({ body: SDP });
        },
      };
      let session: InviteSession | undefined;
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), { onAccept: (_r, s) => (session = s) });
      script(h, "1s e", { e: () => session!.bye() });
      scheduler.flush();
      expect(seen).toEqual(["missing nc=- se=90", "ok nc=00000001 se=90", "ok nc=00000002 se=300"]);
    });
  });

  it("RFC 7616 §3.3: stale=true means the credentials were right but the nonce expired: answered again with the new nonce (nc back to 1)", () => {
    runMarbles((h) => {
      const { wire, verdicts, outcome } = register(h, "SHA-256", { staleFirst: true });
      expect(cseqs(wire)).toEqual([
        "alice: REGISTER (1 REGISTER)",
        "bob: SIP/2.0 401 Unauthorized (1 REGISTER)",
        "alice: REGISTER (2 REGISTER)",
        "bob: SIP/2.0 401 Unauthorized (2 REGISTER)",
        "alice: REGISTER (3 REGISTER)",
        "bob: SIP/2.0 200 OK (3 REGISTER)",
      ]);
      expect(verdicts).toEqual(["missing", "ok", "ok"]);
      const registers = wire.filter((w) => w.text.startsWith("REGISTER"));
      const auth = (w: WireEntry) => params(/\r\nAuthorization: ([^\r]*)/.exec(w.text)![1]!);
      expect([auth(registers[1]!).nonce, auth(registers[1]!).nc]).toEqual(["nonce-1", "00000001"]);
      expect([auth(registers[2]!).nonce, auth(registers[2]!).nc]).toEqual(["nonce-2", "00000001"]);
      expect(outcome).toEqual(["registered 200"]);
    });
  });

  it("§22.3 and §12.2.1.1: a request in a dialog challenged with 407 goes again with the dialog's next CSeq, and the dialog goes on from there", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const authenticator = new DigestAuthenticator({ username: USER, password: PASSWORD }, { random: seeded(9), algorithms: sha2Digest() });
      const { alice, bob, wire } = linkedCores(scheduler, { alice: { authenticator } });
      let aliceSession: InviteSession | undefined;
      bob.delegate = {
        onInvite(invite) {
          const s = invite.accept({ body: SDP });
          s.delegate.onUpdate = (u) => {
            if (verify(u.request, "proxy-authorization", "SHA-256", "dialog-nonce") === "ok") u.accept();
            else u.reject({ statusCode: 407, extraHeaders: [["Proxy-Authenticate", challenge("SHA-256", "dialog-nonce")]] });
          };
        },
      };
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), { onAccept: (_r, s) => (aliceSession = s) });
      const outcome: string[] = [];
      script(h, "1s u 999ms i 999ms e", {
        u: () => aliceSession!.update({}, { onAccept: (r) => outcome.push(`UPDATE ${r.statusCode}`), onReject: (r) => outcome.push(`UPDATE ${r.statusCode}`) }),
        i: () => aliceSession!.request("INFO", {}, { onAccept: (r) => outcome.push(`INFO ${r.statusCode}`) }),
        e: () => aliceSession!.bye(),
      });
      scheduler.flush();
      expect(cseqs(wire.filter((w) => w.at >= 1000))).toEqual([
        "alice: UPDATE (2 UPDATE)",
        "bob: SIP/2.0 407 Proxy Authentication Required (2 UPDATE)",
        "alice: UPDATE (3 UPDATE)",
        "bob: SIP/2.0 200 OK (3 UPDATE)",
        "alice: INFO (4 INFO)",
        "bob: SIP/2.0 200 OK (4 INFO)",
        "alice: BYE (5 BYE)",
        "bob: SIP/2.0 200 OK (5 BYE)",
      ]);
      expect(outcome).toEqual(["UPDATE 200", "INFO 200"]);
    });
  });

  it("§22.2: credentials refused without stale=true are not sent again: the 401 is the outcome", () => {
    runMarbles((h) => {
      const { wire, verdicts, outcome } = register(h, "MD5", { password: "another password" });
      expect(cseqs(wire)).toEqual([
        "alice: REGISTER (1 REGISTER)",
        "bob: SIP/2.0 401 Unauthorized (1 REGISTER)",
        "alice: REGISTER (2 REGISTER)",
        "bob: SIP/2.0 401 Unauthorized (2 REGISTER)",
      ]);
      expect(verdicts).toEqual(["missing", "wrong"]);
      expect(outcome).toEqual(["rejected 401"]);
    });
  });

  describe("a re-INVITE challenged with 407 (§22.3, §12.2.1.1, §17.1.1.3)", () => {
    /** A call from alice to bob, whose re-INVITEs must carry Proxy-Authorization for `password`. */
    function reinviteCall(h: Parameters<Parameters<typeof runMarbles>[0]>[0], password = PASSWORD) {
      const { scheduler } = h;
      const authenticator = new DigestAuthenticator({ username: USER, password }, { random: seeded(11) });
      const { alice, bob, wire } = linkedCores(scheduler, { alice: { authenticator } });
      const verdicts: string[] = [];
      let aliceSession: InviteSession | undefined;
      let bobState = "";
      bob.delegate = {
        onInvite(invite) {
          const s = invite.accept({ body: SDP });
          s.delegate.onReinvite = (r) => {
            const verdict = verify(r.request, "proxy-authorization", "MD5", "reinvite-nonce");
            verdicts.push(verdict);
            if (verdict === "ok") r.accept({ body: SDP });
            else r.reject({ statusCode: 407, extraHeaders: [["Proxy-Authenticate", challenge("MD5", "reinvite-nonce")]] });
          };
          s.delegate.onTerminated = (reason) => (bobState = `terminated ${reason}`);
        },
      };
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), { onAccept: (_r, s) => (aliceSession = s) });
      const outcome: string[] = [];
      const states: string[] = [];
      script(h, "1s r 999ms i 999ms e", {
        r: () => aliceSession!.reinvite({ body: SDP }, { onAccept: (res) => outcome.push(`re-INVITE ${res.statusCode}`), onReject: (res) => outcome.push(`re-INVITE ${res.statusCode}`) }),
        i: () => aliceSession!.request("INFO", {}, { onAccept: (res) => outcome.push(`INFO ${res.statusCode}`) }),
        e: () => {
          states.push(`alice ${aliceSession!.state}`, `bob ${bobState || "up"}`);
          aliceSession!.bye();
        },
      });
      scheduler.flush();
      return { wire, verdicts, outcome, states };
    }

    it("is ACKed and sent again in a new transaction with the dialog's next CSeq and credentials that verify; the dialog goes on", () => {
      runMarbles((h) => {
        const { wire, verdicts, outcome, states } = reinviteCall(h);
        expect(cseqs(wire.filter((w) => w.at >= 1000))).toEqual([
          "alice: INVITE (2 INVITE)",
          "bob: SIP/2.0 407 Proxy Authentication Required (2 INVITE)",
          "alice: ACK (2 ACK)",
          "alice: INVITE (3 INVITE)",
          "bob: SIP/2.0 200 OK (3 INVITE)",
          "alice: ACK (3 ACK)",
          "alice: INFO (4 INFO)",
          "bob: SIP/2.0 200 OK (4 INFO)",
          "alice: BYE (5 BYE)",
          "bob: SIP/2.0 200 OK (5 BYE)",
        ]);
        expect(verdicts).toEqual(["missing", "ok"]);
        expect(outcome).toEqual(["re-INVITE 200", "INFO 200"]);
        expect(states).toEqual(["alice confirmed", "bob up"]);
        const [inviteAuth, ackAuth] = ackCredentials(wire, 3);
        expect(inviteAuth).toBeDefined();
        expect(ackAuth).toBe(inviteAuth);
        // the two INVITE transactions have different branches (§17.1.1.3)
        const branches = wire.filter((w) => w.from === "alice" && firstLine(w.text).startsWith("INVITE")).map((w) => /branch=([^;\r]+)/.exec(w.text)![1]);
        expect(new Set(branches).size).toBe(branches.length);
      });
    });

    it("wrong credentials are sent once: the 407 is the outcome, the call stays up and its CSeq has no gap", () => {
      runMarbles((h) => {
        const { wire, verdicts, outcome, states } = reinviteCall(h, "another password");
        expect(cseqs(wire.filter((w) => w.at >= 1000))).toEqual([
          "alice: INVITE (2 INVITE)",
          "bob: SIP/2.0 407 Proxy Authentication Required (2 INVITE)",
          "alice: ACK (2 ACK)",
          "alice: INVITE (3 INVITE)",
          "bob: SIP/2.0 407 Proxy Authentication Required (3 INVITE)",
          "alice: ACK (3 ACK)",
          "alice: INFO (4 INFO)",
          "bob: SIP/2.0 200 OK (4 INFO)",
          "alice: BYE (5 BYE)",
          "bob: SIP/2.0 200 OK (5 BYE)",
        ]);
        expect(verdicts).toEqual(["missing", "wrong"]);
        expect(outcome).toEqual(["re-INVITE 407", "INFO 200"]);
        expect(states).toEqual(["alice confirmed", "bob up"]);
      });
    });
  });
});
