/**
 * Interop tests need real peers (Kamailio, SIPp, baresip). When one is missing the test
 * must never pass silently:
 *
 * - under CI (CI=true, as `.ci/run` sets it) a missing peer FAILS the test file;
 * - outside CI it fails too, unless RXSIP_SKIP_INTEROP=1 is set: then the suite is skipped
 *   and says so (a warning on stderr and "SKIPPED: ..." in the suite title).
 *
 * Install the peers with `scripts/install-peers.sh` (root, Debian 12).
 *
 *   const peers = requirePeers("kamailio", "kamcmd");
 *   describeInterop("kamailio basic", peers, () => { ... });
 */
import { describe } from "vitest";
import { findBinary } from "./util.js";

/** Peer binaries the interop tests use (kamailio and kamcmd are in /usr/sbin on Debian). */
export type PeerBinary = "kamailio" | "kamcmd" | "sipp" | "baresip" | "openssl";

const PACKAGE: Record<PeerBinary, string> = {
  kamailio: "kamailio",
  kamcmd: "kamailio",
  sipp: "sip-tester",
  baresip: "baresip-core",
  openssl: "openssl",
};

export interface PeerCheck {
  /** True when every peer was found. */
  ok: boolean;
  /** True when the suite must be skipped (peers missing and RXSIP_SKIP_INTEROP=1 outside CI). */
  skip: boolean;
  /** Peer name -> absolute path, for those found. */
  paths: Partial<Record<PeerBinary, string>>;
  missing: PeerBinary[];
  /** Why the suite is skipped ("" when it runs). */
  reason: string;
}

/** True when the CI variable says we run in CI (CI=true, CI=1 ...; not CI=false / CI=0 / empty). */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? "").trim().toLowerCase();
  return v !== "" && v !== "false" && v !== "0" && v !== "no";
}

export class MissingPeerError extends Error {
  override readonly name = "MissingPeerError";
}

/**
 * Checks that every named peer binary is on PATH. Throws MissingPeerError (failing the test
 * file at collection) when one is missing, except outside CI with RXSIP_SKIP_INTEROP=1, where
 * it returns `skip: true` after printing why.
 */
export function requirePeers(...names: PeerBinary[]): PeerCheck {
  return checkPeers(names, process.env);
}

/** requirePeers with an explicit environment (for testing this helper). */
export function checkPeers(names: PeerBinary[], env: NodeJS.ProcessEnv, log: (msg: string) => void = console.warn): PeerCheck {
  const paths: Partial<Record<PeerBinary, string>> = {};
  const missing: PeerBinary[] = [];
  for (const name of names) {
    const path = findBinary(name, env.PATH);
    if (path === undefined) missing.push(name);
    else paths[name] = path;
  }
  if (missing.length === 0) return { ok: true, skip: false, paths, missing, reason: "" };

  const packages = [...new Set(missing.map((m) => PACKAGE[m]))].join(" ");
  const what =
    `interop peer(s) missing on PATH: ${missing.join(", ")} ` +
    `(Debian packages: ${packages}; install with \`sudo scripts/install-peers.sh\`; ` +
    `kamailio/kamcmd are in /usr/sbin, which must be on PATH)`;

  if (inCI(env)) {
    throw new MissingPeerError(`${what}. CI=true: interop tests must not be skipped in CI.`);
  }
  if (env.RXSIP_SKIP_INTEROP !== "1") {
    throw new MissingPeerError(`${what}. Set RXSIP_SKIP_INTEROP=1 to skip the interop tests on this machine.`);
  }
  const reason = `SKIPPED (RXSIP_SKIP_INTEROP=1): ${missing.join(", ")} not installed`;
  log(`\n[rxsip interop] ${reason}; ${what}\n`);
  return { ok: false, skip: true, paths, missing, reason };
}

/** describe() that is skipped, with the reason in its title, when `peers.skip` is true. */
export function describeInterop(title: string, peers: PeerCheck, fn: () => void): void {
  if (peers.skip) describe.skip(`${title} — ${peers.reason}`, fn);
  else describe(title, fn);
}
