/** The missing-peer policy itself: never a silent pass (runs without any peer installed). */
import { describe, expect, it } from "vitest";
import { checkPeers, inCI, MissingPeerError } from "./peers/requirePeer.js";

const NO_PEERS = "/nonexistent-rxsip-path";

describe("requirePeer policy", () => {
  it("CI=true: a missing peer throws, even with RXSIP_SKIP_INTEROP=1", () => {
    expect(() => checkPeers(["kamailio"], { PATH: NO_PEERS, CI: "true" })).toThrow(MissingPeerError);
    expect(() => checkPeers(["kamailio", "sipp"], { PATH: NO_PEERS, CI: "true", RXSIP_SKIP_INTEROP: "1" })).toThrow(
      /kamailio, sipp.*CI=true/,
    );
  });

  it("outside CI: a missing peer throws unless RXSIP_SKIP_INTEROP=1", () => {
    expect(() => checkPeers(["baresip"], { PATH: NO_PEERS })).toThrow(/RXSIP_SKIP_INTEROP=1/);
    expect(() => checkPeers(["baresip"], { PATH: NO_PEERS, CI: "false" })).toThrow(MissingPeerError);
  });

  it("outside CI with RXSIP_SKIP_INTEROP=1: skip, and say so", () => {
    const said: string[] = [];
    const r = checkPeers(["sipp"], { PATH: NO_PEERS, RXSIP_SKIP_INTEROP: "1" }, (m) => said.push(m));
    expect(r).toMatchObject({ ok: false, skip: true, missing: ["sipp"] });
    expect(r.reason).toMatch(/SKIPPED.*sipp/);
    expect(said.join("")).toMatch(/sipp/);
  });

  it("peers present: no skip", () => {
    // `sh` stands in for a peer binary that exists
    const r = checkPeers(["sh" as never], { PATH: "/usr/bin:/bin", CI: "true" });
    expect(r).toMatchObject({ ok: true, skip: false, missing: [] });
  });

  it("reads CI like CI systems set it", () => {
    expect(inCI({ CI: "true" })).toBe(true);
    expect(inCI({ CI: "1" })).toBe(true);
    expect(inCI({ CI: "false" })).toBe(false);
    expect(inCI({})).toBe(false);
  });
});
