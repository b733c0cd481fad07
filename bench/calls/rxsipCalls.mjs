/**
 * rxsip's side of the call benchmark through its core (`rxsip/core`: UserAgentCore,
 * OutgoingInvite, IncomingInvite, InviteSession), beneath the SIP.js-compatible API that
 * rxsipApiCalls.mjs drives: what the API costs on top of the protocol core.
 * Two cores back to back on the in-memory wire, over a reliable transport, with default
 * options (session timers off, asyncScheduler).
 */
import { SDP, deliver } from "./wire.mjs";

export function rxsipHarness(rx) {
  const { UserAgentCore, NameAddr, Uri, parseMessage, buildResponse } = rx;

  /** A UserAgentCore named `name` whose transport hands every message to `peer()`. */
  function agent(name, peer) {
    const transport = {
      reliable: true,
      protocol: "TCP",
      viaHost: `${name}.example.invalid`,
      send(message) {
        const to = peer();
        deliver((text) => to.receive(parseMessage(text)), message.toString());
      },
    };
    return new UserAgentCore({
      transport,
      aor: Uri.sip(name, "example.com"),
      contact: new NameAddr({ uri: Uri.sip(name, `${name}.example.invalid`) }),
    });
  }

  /** Alice calls, Bob answers: 100 (sent at once, as SIP.js does), 180, then 200 with SDP. */
  function pair() {
    let alice;
    let bob;
    alice = agent("alice", () => bob);
    bob = agent("bob", () => alice);
    const target = Uri.sip("bob", "bob.example.invalid");
    let onAcked;
    bob.delegate = {
      onInvite(invite) {
        invite.transaction.respond(buildResponse(invite.request, 100, "Trying"));
        invite.progress();
        const session = invite.accept({ body: SDP });
        if (onAcked) session.delegate.onAck = onAcked;
      },
    };
    return {
      /** One whole call cycle; resolves when the 200 to the BYE reaches the caller. */
      call() {
        return new Promise((resolve, reject) => {
          alice.invite(alice.createRequest("INVITE", target, { body: SDP }), {
            onAccept: (_response, session) => session.bye({}, { onAccept: () => resolve(), onReject: reject }),
            onReject: (r) => reject(new Error(`rxsip call rejected ${r.statusCode}`)),
          });
        });
      },
      /** `n` calls set up and held (the caller has its 2xx, the callee its ACK); resolves with their sessions. */
      establish(n) {
        return new Promise((resolve) => {
          const sessions = [];
          let acked = 0;
          const check = () => {
            if (sessions.length === n && acked === n) resolve(sessions);
          };
          onAcked = () => {
            acked++;
            check();
          };
          for (let i = 0; i < n; i++) {
            alice.invite(alice.createRequest("INVITE", target, { body: SDP }), {
              onAccept: (_response, session) => {
                sessions.push(session);
                check();
              },
            });
          }
        });
      },
      /** Ends held calls. */
      async hangup(sessions) {
        onAcked = undefined;
        let left = sessions.length;
        if (left === 0) return;
        await new Promise((resolve) => {
          for (const s of sessions) s.bye({}, { onAccept: () => --left === 0 && resolve() });
        });
      },
      dispose() {
        alice.dispose();
        bob.dispose();
      },
    };
  }

  /** `m` started user agents (a core with its transport each); what stays in memory is the agents. */
  function startAgents(m) {
    const agents = [];
    for (let i = 0; i < m; i++) agents.push(agent(`ua${i}`, () => agents[0]));
    return agents;
  }

  return {
    name: "rxsip (core)",
    label: "rxsip (core)",
    description: "UserAgentCore, OutgoingInvite, IncomingInvite, InviteSession; transport object on the same wire, SDP as text",
    pair,
    startAgents,
    stopAgents: (agents) => agents.forEach((a) => a.dispose()),
  };
}
