/**
 * Small process and socket helpers shared by the interop peers (Kamailio, SIPp, baresip).
 * Everything binds and connects on 127.0.0.1 only.
 */
import { type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export const LOOPBACK = "127.0.0.1";

/** Absolute path of an executable found on PATH, or undefined. PATH only: no hidden fallbacks. */
export function findBinary(name: string, pathEnv: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Like findBinary, but throws a message that says how to install the peers. */
export function binary(name: string): string {
  const path = findBinary(name);
  if (path === undefined) {
    throw new Error(
      `interop peer binary "${name}" not found on PATH (${process.env.PATH ?? ""}); ` +
        `install the peers with scripts/install-peers.sh (Debian: kamailio and kamcmd live in /usr/sbin)`,
    );
  }
  return path;
}

/** A fresh private directory under the system temp dir. */
export function makeRunDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `rxsip-${prefix}-`));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function listenTcp(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => resolve(server));
  });
}

function bindUdp(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket("udp4");
    socket.once("error", (err) => {
      socket.close();
      reject(err);
    });
    socket.bind({ port, address: LOOPBACK, exclusive: true }, () => resolve(socket));
  });
}

const closeTcp = (s: net.Server) => new Promise<void>((resolve) => s.close(() => resolve()));
const closeUdp = (s: dgram.Socket) => new Promise<void>((resolve) => s.close(() => resolve()));

/** Ports handed out by this process, never handed out twice (another peer may not have bound it yet). */
const handedOut = new Set<number>();

/**
 * A loopback port that is free right now for TCP (and for UDP too when `udp` is true).
 * Ports are chosen at random in 20100-29999 (below the kernel's ephemeral range, so outgoing
 * connections do not take them, and away from baresip's RTP range 20000-20099); a peer that
 * still fails to bind should be retried with another port.
 */
export async function freePort(udp = true): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20100 + Math.floor(Math.random() * 9900);
    if (handedOut.has(port)) continue;
    let tcp: net.Server | undefined;
    let u: dgram.Socket | undefined;
    try {
      tcp = await listenTcp(port);
      if (udp) u = await bindUdp(port);
      handedOut.add(port);
      return port;
    } catch {
      // taken, try another
    } finally {
      if (tcp) await closeTcp(tcp);
      if (u) await closeUdp(u);
    }
  }
  throw new Error("no free loopback port found in 20100-29999");
}

/** Several distinct free ports. */
export async function freePorts(count: number, udp = true): Promise<number[]> {
  const out: number[] = [];
  while (out.length < count) out.push(await freePort(udp));
  return out;
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function tcpAccepts(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: LOOPBACK });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** True when a UDP port on 127.0.0.1 is already bound by someone (we fail to bind it). */
export async function udpBound(port: number): Promise<boolean> {
  // Linux: read the socket tables instead of binding the port ourselves, which for a moment
  // takes it from the peer that is about to bind it (SIPp then fails "Address already in use")
  const listed = udpPortListed(port);
  if (listed !== undefined) return listed;
  try {
    const s = await bindUdp(port);
    await closeUdp(s);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EADDRINUSE";
  }
}

/** Whether /proc/net/udp or udp6 lists a socket bound to `port`; undefined where they cannot be read. */
function udpPortListed(port: number): boolean | undefined {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let read = false;
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    read = true;
    for (const line of text.split("\n").slice(1)) if (line.trim().split(/\s+/)[1]?.endsWith(suffix)) return true;
  }
  return read ? false : undefined;
}

/** Sends one datagram to 127.0.0.1:port and resolves with the first datagram back (or undefined on timeout). */
export function udpExchange(port: number, payload: string | Uint8Array, timeoutMs = 1000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    const finish = (value: Buffer | undefined) => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once("error", () => finish(undefined));
    socket.once("message", (msg) => finish(msg));
    socket.bind({ port: 0, address: LOOPBACK }, () => {
      socket.send(payload, port, LOOPBACK);
    });
  });
}

/** A minimal OPTIONS for readiness probes; `port` is the target SIP port. */
export function probeOptions(port: number, viaPort = 9): string {
  const id = `probe-${process.pid}-${Math.random().toString(36).slice(2)}`;
  return (
    `OPTIONS sip:${LOOPBACK}:${port} SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP ${LOOPBACK}:${viaPort};branch=z9hG4bK-${id};rport\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: <sip:probe@${LOOPBACK}>;tag=${id}\r\n` +
    `To: <sip:${LOOPBACK}>\r\n` +
    `Call-ID: ${id}\r\n` +
    `CSeq: 1 OPTIONS\r\n` +
    `Content-Length: 0\r\n\r\n`
  );
}

/** Resolves with the exit code (or signal name) once the child has exited; immediately if it already has. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
}

/**
 * Stops one child we started: SIGTERM, wait up to `graceMs`, then SIGKILL (that PID only).
 * Resolves with the exit code or signal.
 */
export async function terminate(child: ChildProcess, graceMs = 5000): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return exited(child);
  const done = exited(child);
  child.kill("SIGTERM");
  const timer = sleep(graceMs).then(() => "timeout" as const);
  if ((await Promise.race([done, timer])) === "timeout") {
    child.kill("SIGKILL");
  }
  return done;
}

/**
 * Children still running when the test process exits get SIGTERM (by PID; Kamailio's main
 * process then stops its workers), so no peer outlives its test file even when a test forgot
 * stop() or the worker is told to terminate.
 */
const live = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;

function killLive(): void {
  for (const [c, dir] of live) {
    try {
      c.kill("SIGTERM");
    } catch {
      // gone
    }
    if (dir !== undefined && process.env.RXSIP_KEEP_PEER_DIRS !== "1") {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
  }
  live.clear();
}

/** Registers a child (and its private run dir) for cleanup at process exit. */
export function track(child: ChildProcess, dir?: string): void {
  live.set(child, dir);
  child.once("exit", () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killLive);
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
      process.once(signal, () => {
        killLive();
        // keep the default outcome of the signal when nobody else handles it
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    }
  }
}

/** Polls `check` every `intervalMs` until it returns true; throws after `timeoutMs` or when `abort()` returns a reason. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  opts: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const reason = opts.abort?.();
    if (reason !== undefined) throw new Error(`${what}: ${reason}`);
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${what}: not ready after ${opts.timeoutMs} ms`);
    await sleep(opts.intervalMs ?? 25);
  }
}
