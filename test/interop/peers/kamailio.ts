/**
 * Starts the interop Kamailio (peers/kamailio/kamailio.cfg) in a fresh temporary run dir,
 * on 127.0.0.1 only, waits until it is ready, and stops it again.
 *
 *   const kam = await startKamailio({ auth: "register" });
 *   ... send to 127.0.0.1:kam.udpPort ...
 *   await kam.stop();
 *
 * Ports are free loopback ports chosen per instance (passed to the config as -A SIP_PORT=..
 * defines), so test files can run in parallel; `ports: "lab"` uses the lab's fixed ports
 * 5060/8080/8443 (and 5061 for SIP over TLS). Users (digest, qop=auth, realm = To/From domain): alice, bob, carol, dave
 * with the password `<name>-secret` (see KAMAILIO_USERS).
 */
import { execFile, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  binary,
  freePort,
  makeRunDir,
  probeOptions,
  tcpAccepts,
  terminate,
  track,
  udpBound,
  udpExchange,
  waitUntil,
} from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
export const KAMAILIO_CFG = join(here, "kamailio", "kamailio.cfg");

/** The users of the config's htable: name -> password. */
export const KAMAILIO_USERS = {
  alice: "alice-secret",
  bob: "bob-secret",
  carol: "carol-secret",
  dave: "dave-secret",
} as const;

export interface KamailioOptions {
  /** "register" (default): 401 on REGISTER; "proxy": also 407 on initial INVITE/MESSAGE/...; "none": accept anything. */
  auth?: "register" | "proxy" | "none";
  /** Also listen for WSS and SIP over TLS (self-signed certificate made with openssl in the run dir). */
  tls?: boolean;
  /** UDP and TCP worker processes (default 4). Use 1 where a test depends on message order. */
  children?: number;
  /** debug=3 and a log line per request and reply. */
  debug?: boolean;
  /** "auto" (default): free ports; "lab": 5060/8080/8443/5061; or explicit ports. */
  ports?: "auto" | "lab" | { sip: number; ws: number; wss?: number; tls?: number };
  /** Readiness timeout in ms (default 10000). */
  timeoutMs?: number;
  /** Keep the run dir after stop() (for debugging); also kept when RXSIP_KEEP_PEER_DIRS=1. */
  keepRunDir?: boolean;
}

export interface KamailioPeer {
  /** SIP over UDP on 127.0.0.1. */
  udpPort: number;
  /** SIP over TCP on 127.0.0.1 (same number as udpPort). */
  tcpPort: number;
  /** ws://127.0.0.1:wsPort (any path, subprotocol "sip"). */
  wsPort: number;
  /** wss://127.0.0.1:wssPort with tls: true (self-signed, see certFile). */
  wssPort?: number;
  /** SIP over TLS (tls://127.0.0.1:tlsPort, sips:) with tls: true; same certificate as WSS. */
  tlsPort?: number;
  /** The self-signed certificate (PEM file; CN and subjectAltName 127.0.0.1, DNS localhost) with tls: true. */
  certFile?: string;
  pid: number;
  runDir: string;
  /** binrpc control socket for kamcmd: `unix:<runDir>/kamailio_ctl`. */
  ctl: string;
  /** Milliseconds from spawn to ready. */
  startupMs: number;
  /** Runs `kamcmd -s <ctl> <args...>` and resolves with its stdout (e.g. kamcmd("ul.dump")). */
  kamcmd(...args: string[]): Promise<string>;
  /** The Kamailio log so far (stderr and stdout). */
  log(): string;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the run dir. Idempotent. */
  stop(): Promise<void>;
}

const LAB_PORTS = { sip: 5060, ws: 8080, wss: 8443, tls: 5061 };

export async function startKamailio(opts: KamailioOptions = {}): Promise<KamailioPeer> {
  const kamailio = binary("kamailio");
  const attempts = opts.ports === undefined || opts.ports === "auto" ? 4 : 1;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await startOnce(kamailio, opts);
    } catch (e) {
      lastError = e;
      // a port taken between probing and binding: retry with fresh ports
      if (!(e instanceof PortInUse)) throw e;
    }
  }
  throw lastError;
}

class PortInUse extends Error {}

async function startOnce(kamailio: string, opts: KamailioOptions): Promise<KamailioPeer> {
  const auth = opts.auth ?? "register";
  const tls = opts.tls ?? false;
  const ports =
    opts.ports === "lab"
      ? LAB_PORTS
      : opts.ports === undefined || opts.ports === "auto"
        ? {
            sip: await freePort(true),
            ws: await freePort(false),
            wss: tls ? await freePort(false) : 0,
            tls: tls ? await freePort(false) : 0,
          }
        : {
            ...opts.ports,
            wss: opts.ports.wss ?? (tls ? await freePort(false) : 0),
            tls: opts.ports.tls ?? (tls ? await freePort(false) : 0),
          };
  const wssPort = tls ? ports.wss : undefined;
  const tlsPort = tls ? ports.tls : undefined;
  const tlsPorts = wssPort !== undefined && tlsPort !== undefined ? [wssPort, tlsPort] : [];
  // another instance on our ports would answer the readiness probe: refuse to start
  for (const port of [ports.sip, ports.ws, ...tlsPorts]) {
    if ((await tcpAccepts(port, 300)) || (port === ports.sip && (await udpBound(port)))) {
      throw new PortInUse(`kamailio: 127.0.0.1:${port} is already in use`);
    }
  }
  const instance = `i${process.pid}x${Math.random().toString(36).slice(2, 10)}`;
  const runDir = makeRunDir("kamailio");
  const logFile = join(runDir, "kamailio.log");
  const ctl = `unix:${join(runDir, "kamailio_ctl")}`;

  const args = [
    "-f", KAMAILIO_CFG,
    "-Y", runDir,
    "-P", join(runDir, "kamailio.pid"),
    "-DD", "-E",
    "-m", "64", "-M", "8",
    "-a", "no",
    "-A", `CTL_SOCK="${ctl}"`,
    "-A", `INSTANCE_ID="${instance}"`,
    "-A", `SIP_PORT=${ports.sip}`,
    "-A", `WS_PORT=${ports.ws}`,
    "-A", `WSS_PORT=${ports.wss || 8443}`,
    "-A", `TLS_PORT=${ports.tls || 5061}`,
    "-A", `CHILDREN=${opts.children ?? 4}`,
  ];
  if (auth !== "none") args.push("-A", "WITH_AUTH");
  if (auth === "proxy") args.push("-A", "WITH_PROXYAUTH");
  if (opts.debug) args.push("-A", "WITH_DEBUG");

  let certFile: string | undefined;
  if (tls) {
    certFile = join(runDir, "cert.pem");
    const keyFile = join(runDir, "key.pem");
    // EC P-256: as good as RSA for a loopback test and ~10x faster to generate
    await promisify(execFile)(binary("openssl"), [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "7",
      "-keyout", keyFile, "-out", certFile, "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ]);
    const tlsCfg = join(runDir, "tls.cfg");
    writeFileSync(
      tlsCfg,
      [
        "[server:default]",
        "method = TLSv1.2+",
        "verify_certificate = no",
        "require_certificate = no",
        `private_key = ${keyFile}`,
        `certificate = ${certFile}`,
        "",
        "[client:default]",
        "method = TLSv1.2+",
        "verify_certificate = no",
        "require_certificate = no",
        "",
      ].join("\n"),
    );
    args.push("-A", "WITH_TLS", "-A", `TLS_CFG="${tlsCfg}"`);
  }

  const t0 = performance.now();
  const logFd = openSync(logFile, "a");
  const child = spawn(kamailio, args, { stdio: ["ignore", logFd, logFd], cwd: runDir });
  closeSync(logFd);
  track(child, runDir);
  let spawnError: Error | undefined;
  child.once("error", (e) => (spawnError = e));

  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  let finalLog: string | undefined;
  const log = () => finalLog ?? readLog();
  const keep = opts.keepRunDir || process.env.RXSIP_KEEP_PEER_DIRS === "1";

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await terminate(child, 5000);
      finalLog = readLog();
      if (!keep) rmSync(runDir, { recursive: true, force: true });
    })());

  try {
    await waitUntil(
      `kamailio (${runDir})`,
      async () => {
        if (!(await tcpAccepts(ports.sip))) return false;
        if (!(await tcpAccepts(ports.ws))) return false;
        for (const port of tlsPorts) if (!(await tcpAccepts(port))) return false;
        const reply = (await udpExchange(ports.sip, probeOptions(ports.sip), 500))?.toString("latin1");
        // the 200 carries X-Interop-Instance: it is this kamailio answering, not another one on the port
        return reply !== undefined && reply.startsWith("SIP/2.0 200") && reply.includes(instance);
      },
      {
        timeoutMs: opts.timeoutMs ?? 10000,
        intervalMs: 20,
        abort: () =>
          spawnError
            ? `spawn failed: ${spawnError.message}`
            : child.exitCode !== null || child.signalCode !== null
              ? `exited during startup (${child.exitCode ?? child.signalCode})`
              : undefined,
      },
    );
  } catch (e) {
    await stop();
    const text = finalLog ?? "";
    if (/Address already in use|bind\(.*\) failed|cannot bind/i.test(text)) {
      throw new PortInUse(`kamailio: port in use (${ports.sip}/${ports.ws}/${ports.wss}/${ports.tls}):\n${tail(text)}`);
    }
    throw new Error(`${(e as Error).message}\n--- kamailio log (tail) ---\n${tail(text)}`);
  }
  const startupMs = Math.round(performance.now() - t0);

  const kamcmd = async (...cmd: string[]) => {
    const { stdout } = await promisify(execFile)(binary("kamcmd"), ["-s", ctl, ...cmd], { timeout: 5000 });
    return stdout;
  };

  return {
    udpPort: ports.sip,
    tcpPort: ports.sip,
    wsPort: ports.ws,
    wssPort,
    tlsPort,
    certFile,
    pid: child.pid!,
    runDir,
    ctl,
    startupMs,
    kamcmd,
    log,
    stop,
  };
}

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}
