/**
 * rxsip's public API (UserAgent, Registerer, Inviter, Invitation from `rxsip`, NodeTransport
 * from `rxsip/node`) against Kamailio 5.6 as registrar and proxy, over every transport
 * (UDP, TCP, TLS, WS, WSS). What both sides saw is asserted: the Registerer's and the
 * sessions' states on rxsip's side, Kamailio's location table (`kamcmd ul.dump`) and the
 * requests it logged on the other.
 *
 * - per transport: REGISTER answered 401 then 200 with digest, the binding in ul.dump,
 *   a refresh (CSeq of the binding grows, still one binding), unregister (binding gone);
 * - a wrong password: Kamailio answers 403, the Registerer ends Unregistered, no binding;
 * - calls between two rxsip user agents on different transports, each transport both as
 *   caller and callee, with Kamailio challenging the INVITE with 407 (proxy auth);
 * - Kamailio reached by RFC 3263 (`sip:example.test` through a DNS server of the test's own:
 *   NAPTR -> SRV -> 127.0.0.1), over UDP, and over TCP with a dead SRV primary first.
 */
import { firstValueFrom } from "rxjs";
import { NodeTransport } from "rxsip/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Inviter, Registerer, RegistererState, SessionState, UserAgent } from "rxsip";
import { ALL_TRANSPORTS, type InteropTransport, reach, startAgent, waitFor } from "./agents/rxsipAgent.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";
import { deadPort } from "../streams/helpers/deadPort.js";
import { DnsServer, type DnsRecord } from "../streams/helpers/dnsServer.js";

const peers = requirePeers("kamailio", "kamcmd", "openssl");

/** Kamailio's socket protocol for a binding made over each transport (WS/WSS ride TCP/TLS). */
const SOCKET: Record<InteropTransport, string> = { UDP: "udp", TCP: "tcp", TLS: "tls", WS: "tcp", WSS: "tls" };

/** The contacts of an AoR in `ul.dump` output: address, CSeq, socket. */
function bindings(dump: string, aor: string): { address: string; cseq: number; socket: string; expires: number }[] {
  const at = dump.indexOf(`AoR: ${aor}\n`);
  if (at === -1) return [];
  const next = dump.indexOf("AoR: ", at + 5);
  const block = dump.slice(at, next === -1 ? undefined : next);
  return [...block.matchAll(/Address: (\S+)[\s\S]*?Expires: (\d+)[\s\S]*?CSeq: (\d+)[\s\S]*?Socket: (\S+)/g)].map((m) => ({
    address: m[1]!,
    expires: Number(m[2]),
    cseq: Number(m[3]),
    socket: m[4]!,
  }));
}

/** Requests Kamailio logged (WITH_DEBUG): "INVITE udp", "ACK udp" ... from a given source port onward. */
function loggedRequests(log: string, from = 0): string[] {
  return [...log.slice(from).matchAll(/REQ (\S+) \S+ from 127\.0\.0\.1:\d+ \((\w+)\)/g)].map((m) => `${m[1]} ${m[2]}`);
}

describeInterop("interop: rxsip's public API through Kamailio 5.6 (registrar, proxy, every transport)", peers, () => {
  let kam: KamailioPeer;

  beforeAll(async () => {
    kam = await startKamailio({ auth: "proxy", tls: true, children: 1, debug: true });
  }, 20000);
  afterAll(async () => {
    await kam?.stop();
  }, 15000);

  for (const transport of ALL_TRANSPORTS) {
    it(`${transport}: REGISTER with digest, refresh, unregister (Registerer and ul.dump agree)`, async () => {
      const alice = await startAgent(kam, { user: "alice", password: KAMAILIO_USERS.alice, transport });
      try {
        const registerer = new Registerer(alice.ua, { expires: 4, refreshFrequency: 50 });
        const statuses: number[] = [];
        const logAt = kam.log().length;
        await registerer.register({ requestDelegate: { onAccept: (r) => statuses.push(r.message.statusCode) } });
        await reach(registerer, RegistererState.Registered, 5000);
        expect(statuses).toEqual([200]);
        // Kamailio saw the REGISTER twice: without credentials (answered 401), then with them
        expect(loggedRequests(kam.log(), logAt)).toEqual([`REGISTER ${transport.toLowerCase()}`, `REGISTER ${transport.toLowerCase()}`]);

        const first = bindings(await kam.kamcmd("ul.dump"), "alice");
        expect(first).toHaveLength(1);
        expect(first[0]!.socket).toMatch(new RegExp(`^${SOCKET[transport]}:127\\.0\\.0\\.1:`));
        expect(first[0]!.address).toContain(`transport=${transport === "WSS" ? "ws" : transport.toLowerCase()}`); // RFC 7118 §5: "ws" for both
        expect(first[0]!.expires).toBeLessThanOrEqual(4);

        // refresh at 50 % of 4 s: the same binding, a higher CSeq, its expiry renewed
        const later = await pollBindings(kam, (b) => b.length === 1 && b[0]!.cseq > first[0]!.cseq, 5000);
        expect(later[0]!.address).toBe(first[0]!.address);
        expect(registerer.state).toBe(RegistererState.Registered);

        await unregisterAlice(kam, registerer);
      } finally {
        await alice.ua.stop();
      }
    }, 20000);
  }

  it("UDP: a wrong password is answered 403; the Registerer is not Registered and no binding exists", async () => {
    const dave = await startAgent(kam, { user: "dave", password: "not-dave's", transport: "UDP" });
    try {
      const registerer = new Registerer(dave.ua, { expires: 60 });
      const rejected: number[] = [];
      await registerer.register({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
      await waitFor(() => rejected.length > 0, 5000, "no final response to REGISTER");
      expect(rejected).toEqual([403]);
      expect(registerer.state).not.toBe(RegistererState.Registered);
      expect(bindings(await kam.kamcmd("ul.dump"), "dave")).toEqual([]);
    } finally {
      await dave.ua.stop();
    }
  }, 15000);

  // every transport is once the caller's and once the callee's
  const pairs: [InteropTransport, InteropTransport][] = [
    ["UDP", "WS"],
    ["WS", "TCP"],
    ["TCP", "TLS"],
    ["TLS", "WSS"],
    ["WSS", "UDP"],
  ];
  for (const [from, to] of pairs) {
    it(`call ${from} -> ${to}: 407 answered with credentials, both sides Established, BYE ends both`, async () => {
      const alice = await startAgent(kam, { user: "alice", password: KAMAILIO_USERS.alice, transport: from });
      const bob = await startAgent(kam, { user: "bob", password: KAMAILIO_USERS.bob, transport: to });
      try {
        const bobReg = new Registerer(bob.ua, { expires: 120 });
        await bobReg.register();
        await reach(bobReg, RegistererState.Registered, 5000);

        const logAt = kam.log().length;
        const inviter = new Inviter(alice.ua, UserAgent.makeURI("sip:bob@127.0.0.1")!);
        const progress: number[] = [];
        await inviter.invite({ requestDelegate: { onProgress: (r) => progress.push(r.message.statusCode) } });
        const invitation = await bob.nextInvitation(5000);
        expect(invitation.remoteIdentity.uri.user).toBe("alice");
        const states: string[] = [];
        inviter.stateChange.addListener((s) => states.push(`alice:${s}`));
        invitation.stateChange.addListener((s) => states.push(`bob:${s}`));
        await invitation.progress();
        await waitFor(() => progress.includes(180), 5000, "alice saw no 180");
        await invitation.accept();
        await Promise.all([reach(inviter, SessionState.Established, 5000), reach(invitation, SessionState.Established, 5000)]).catch((e) => {
          throw new Error(`${(e as Error).message}; states: ${states.join(" ")}; kamailio saw: ${loggedRequests(kam.log(), logAt).join(", ")}`);
        });

        // Kamailio: the INVITE without credentials (answered 407), the INVITE with them, the 2xx
        // ACK (the ACK of the 407 is absorbed by Kamailio's sl module before the script logs it)
        const t = from.toLowerCase();
        // (the ACK may still be on its way when the caller reports Established: wait for it)
        await waitFor(() => loggedRequests(kam.log(), logAt).length >= 3, 3000, "Kamailio logged no ACK").catch(() => undefined);
        expect(loggedRequests(kam.log(), logAt)).toEqual([`INVITE ${t}`, `INVITE ${t}`, `ACK ${t}`]);

        await inviter.bye();
        await Promise.all([reach(inviter, SessionState.Terminated, 5000), reach(invitation, SessionState.Terminated, 5000)]);
        await bobReg.unregister();
      } finally {
        await Promise.all([alice.ua.stop(), bob.ua.stop()]);
      }
    }, 25000);
  }

  it("TCP: userAgent.stop() unregisters first (as SIP.js's does): Kamailio's location table is empty after it", async () => {
    const carol = await startAgent(kam, { user: "carol", password: KAMAILIO_USERS.carol, transport: "TCP" });
    const registerer = new Registerer(carol.ua, { expires: 600 });
    await registerer.register();
    await reach(registerer, RegistererState.Registered, 5000);
    expect(bindings(await kam.kamcmd("ul.dump"), "carol")).toHaveLength(1);
    await carol.ua.stop();
    expect(registerer.state).toBe(RegistererState.Terminated);
    expect(bindings(await kam.kamcmd("ul.dump"), "carol")).toEqual([]);
  }, 15000);

  it("UDP: the Contact registered at Kamailio names the address rxsip listens on, not a .invalid host", async () => {
    const carol = await startAgent(kam, { user: "carol", password: KAMAILIO_USERS.carol, transport: "UDP" });
    try {
      const registerer = new Registerer(carol.ua, { expires: 60 });
      await registerer.register();
      await reach(registerer, RegistererState.Registered, 5000);
      const [b] = bindings(await kam.kamcmd("ul.dump"), "carol");
      expect(b?.address).toMatch(/^sip:[^@]+@127\.0\.0\.1:\d+/);
      await registerer.unregister();
    } finally {
      await carol.ua.stop();
    }
  }, 15000);
});

describeInterop("interop: Kamailio 5.6 located by RFC 3263 (NAPTR, SRV, A from the test's DNS server)", peers, () => {
  let kam: KamailioPeer;
  let dns: DnsServer;

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", children: 1, debug: true });
    const dead = await deadPort();
    const srv = (priority: number, port: number): DnsRecord => ({ type: "SRV", priority, weight: 0, port, target: "proxy.example.test" });
    dns = await DnsServer.start({
      "example.test": [{ type: "NAPTR", order: 10, preference: 10, flags: "s", service: "SIP+D2U", replacement: "_sip._udp.example.test" }],
      "_sip._udp.example.test": [srv(10, kam.udpPort)],
      // the primary (priority 10) refuses connections: the backup is Kamailio
      "_sip._tcp.example.test": [srv(10, dead), srv(20, kam.tcpPort)],
      "proxy.example.test": [{ type: "A", address: "127.0.0.1", ttl: 60 }],
    });
  }, 20000);
  afterAll(async () => {
    await Promise.all([kam?.stop(), dns?.stop()]);
  }, 15000);

  for (const [transport, server, srvName] of [
    ["UDP", "sip:example.test", "_sip._udp.example.test"],
    ["TCP", "sip:example.test;transport=tcp", "_sip._tcp.example.test"],
  ] as const) {
    it(`${transport}: server ${server} -> Kamailio; REGISTER with digest, the binding in ul.dump, unregister`, async () => {
      const alice = await startAgent(kam, {
        user: "alice",
        password: KAMAILIO_USERS.alice,
        transport,
        transportExtra: { server, dns: { resolver: dns.resolver() } },
      });
      try {
        expect(alice.ua.transport.isConnected()).toBe(true);
        // connected to the address DNS gave (over TCP: the backup, after the refusing primary)
        const status = await firstValueFrom((alice.ua.transport as NodeTransport).state$);
        expect(status).toEqual({ type: "connected", server: `${server} (${transport} 127.0.0.1:${kam.udpPort})` });
        // located through the test's DNS: the SRV records of the transport, then the target's address
        expect(dns.count("SRV", srvName)).toBeGreaterThan(0);
        expect(dns.count("A", "proxy.example.test")).toBeGreaterThan(0);
        const registerer = new Registerer(alice.ua, { expires: 60 });
        const logAt = kam.log().length;
        await registerer.register();
        await reach(registerer, RegistererState.Registered, 5000);
        expect(loggedRequests(kam.log(), logAt)).toEqual([`REGISTER ${transport.toLowerCase()}`, `REGISTER ${transport.toLowerCase()}`]);
        const [binding, ...more] = bindings(await kam.kamcmd("ul.dump"), "alice");
        expect(more).toEqual([]);
        expect(binding!.socket).toBe(`${transport.toLowerCase()}:127.0.0.1:${kam.udpPort}`);
        expect(binding!.address).toContain(`transport=${transport.toLowerCase()}`);
        await unregisterAlice(kam, registerer);
      } finally {
        await alice.ua.stop();
      }
    }, 20000);
  }
});

/** Unregisters alice and checks that Kamailio's location table no longer has her binding. */
async function unregisterAlice(kam: KamailioPeer, registerer: Registerer): Promise<void> {
  await registerer.unregister();
  await reach(registerer, RegistererState.Unregistered, 5000);
  expect(bindings(await kam.kamcmd("ul.dump"), "alice")).toEqual([]);
}

async function pollBindings(kam: KamailioPeer, ok: (b: ReturnType<typeof bindings>) => boolean, ms: number) {
  const end = performance.now() + ms;
  for (;;) {
    const b = bindings(await kam.kamcmd("ul.dump"), "alice");
    if (ok(b)) return b;
    if (performance.now() > end) throw new Error(`binding not refreshed within ${ms} ms: ${JSON.stringify(b)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
