import type { SchedulerLike } from "rxjs";
import { parseMessage } from "../../../src/core/messages/index.js";
import type { UserAgentCoreOptions } from "../../../src/core/user-agent-core/index.js";
import { firstLine, hostOf, VirtualNetwork } from "../../core/user-agent-core/network.js";
import { sipText } from "../../sipText.js";

/**
 * Our core as "bob" and a peer "alice" written in the test: alice sends raw SIP text and
 * records what reaches her, so the far end is not our own engine.
 */
export function scriptedPeer(scheduler: SchedulerLike, options: Partial<UserAgentCoreOptions> = {}) {
  const net = new VirtualNetwork(scheduler);
  const bob = net.core("bob", options, 2);
  const received: string[] = [];
  net.attach("alice", (text) => received.push(text));
  /** Sends raw SIP from alice (lines joined with CRLF, Content-Length added). */
  const send = (lines: string[], body = "") => net.send("alice", parseMessage(`${lines.join("\r\n")}\r\n${body ? "Content-Type: application/sdp\r\n" : ""}Content-Length: ${body.length}\r\n\r\n${body}`));
  /** What reached alice: "SIP/2.0 200 OK (2 BYE)", "BYE (1 BYE)" ... */
  const got = () => received.map((t) => `${firstLine(t)} (${sipText(t).header("CSeq")[0]})`);
  /** The To tag bob gave the INVITE's responses (after the 100). */
  const bobTag = () => /;tag=([^;\s]+)/.exec(sipText(received.find((t) => t.startsWith("SIP/2.0 ") && !t.startsWith("SIP/2.0 100"))!).header("To")[0]!)![1]!;
  /** alice's 200 to the first request `method` that reached her. */
  const answer = (method: string) => {
    const text = received.find((t) => t.startsWith(`${method} `))!;
    const copied = text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n").filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    net.send("alice", parseMessage(["SIP/2.0 200 OK", ...copied, "Content-Length: 0", "", ""].join("\r\n")));
  };
  return { net, bob, received, send, answer, got, bobTag, wire: net.wire };
}

/** The headers alice's requests to bob share: Call-ID "c1", From tag "a1", Via with `branch`. */
export function aliceHeaders(method: string, cseq: number, branch: string, toTag?: string): string[] {
  return [
    `${method} sip:bob@${hostOf("bob")}:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP ${hostOf("alice")}:5060;branch=z9hG4bK${branch}`,
    "Max-Forwards: 70",
    `From: <sip:alice@example.test>;tag=a1`,
    `To: <sip:bob@example.test>${toTag ? `;tag=${toTag}` : ""}`,
    "Call-ID: c1",
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:alice@${hostOf("alice")}:5060>`,
  ];
}
