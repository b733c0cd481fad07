/**
 * `invitation.assertedIdentity` reads the caller's P-Asserted-Identity (RFC 3325 §9.1) in
 * both forms the RFC allows: a name-addr and a bare addr-spec (its own example is
 * `P-Asserted-Identity: tel:+14085264000`). The caller is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { Invitation } from "../../src/index.js";
import { world } from "./harness.js";
import { scriptedPeer } from "./scriptedPeer.js";

async function invitationWith(pai: string): Promise<Invitation> {
  const w = world();
  const alice = w.ua("alice");
  const invitations: Invitation[] = [];
  alice.invites$.subscribe((i) => invitations.push(i));
  await alice.start();
  const bob = scriptedPeer(w.network, "bob");
  bob.send([
    "INVITE sip:alice@alice.example.test:5060 SIP/2.0",
    "Via: SIP/2.0/TCP bob.example.test:5060;branch=z9hG4bK-pai-1",
    "Max-Forwards: 70",
    "From: <sip:bob@example.test>;tag=b1",
    "To: <sip:alice@example.test>",
    "Call-ID: pai-1@bob",
    "CSeq: 1 INVITE",
    "Contact: <sip:bob@bob.example.test:5060;transport=tcp>",
    `P-Asserted-Identity: ${pai}`,
  ]);
  await w.clock.advance(50);
  expect(invitations).toHaveLength(1);
  return invitations[0]!;
}

describe("Invitation.assertedIdentity (RFC 3325)", () => {
  it("reads a bare addr-spec (tel: URI), as in RFC 3325's example", async () => {
    const invitation = await invitationWith("tel:+14085264000");
    expect(invitation.assertedIdentity?.uri.toString()).toBe("tel:+14085264000");
  });

  it("reads a name-addr, and the first of two identities", async () => {
    const invitation = await invitationWith('"Cullen Jennings" <sip:fluffy@cisco.com>, <tel:+14085264000>');
    expect(invitation.assertedIdentity?.displayName).toBe("Cullen Jennings");
    expect(invitation.assertedIdentity?.uri.toString()).toBe("sip:fluffy@cisco.com");
  });
});
