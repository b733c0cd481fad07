/**
 * Runs SIPp (`sipp`, Debian package sip-tester) on 127.0.0.1 with a scenario: one of
 * SIPp's built-ins (`{ builtin: "uac" }`) or one of ours in peers/sipp/*.xml
 * (`{ scenario: "register" }`), or any XML file path. Resolves with the exit code
 * (0 = every call passed, 1 = a call failed, 255 = timeout with -timeout_error), the
 * message trace (-trace_msg) and the output.
 *
 *   const r = await runSipp({ builtin: "uac", remote: "127.0.0.1:5070", args: ["-rsa", "127.0.0.1:5060"] });
 *   expect(r.code).toBe(0);
 *
 * Our scenarios (copied from the lab, see their headers for the -key each needs):
 *   register     REGISTER [service] answering 401 (-au/-ap); -key cport, -key expires
 *   uas-call     answer one INVITE with 180/200 echoing Record-Route, wait ACK + BYE
 *   uac-call     call [service] through the proxy (answers 407), BYE after 1 s; -key caller
 *   uas-message  answer one MESSAGE with 200
 *   uac-message  send one MESSAGE through the proxy (answers 407); -key caller
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { binary, freePort, LOOPBACK, makeRunDir, terminate, track, udpBound, waitUntil } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
export const SIPP_SCENARIO_DIR = join(here, "sipp");

export type SippScenarioName = "register" | "uas-call" | "uac-call" | "uas-message" | "uac-message";

export interface SippOptions {
  /** A SIPp built-in scenario (-sn), e.g. "uac", "uas". */
  builtin?: string;
  /** One of ours (peers/sipp/NAME.xml) or a path to an XML scenario (-sf). */
  scenario?: SippScenarioName | string;
  /** Remote host:port (the last positional argument), e.g. `127.0.0.1:${kam.udpPort}`. */
  remote?: string;
  /** Local SIP port (-p); default: a free loopback port. */
  port?: number;
  /** -s service (the request-URI user). */
  service?: string;
  /** -key NAME VALUE pairs. */
  keys?: Record<string, string | number>;
  /** -au / -ap. */
  auth?: { user: string; password: string };
  /** Number of calls (-m), default 1. */
  calls?: number;
  /** Global timeout in seconds (-timeout, with -timeout_error), default 15. */
  timeoutSec?: number;
  /** Extra arguments, e.g. ["-rsa", "127.0.0.1:5060", "-d", "200"]. */
  args?: string[];
}

export interface SippResult {
  /** Exit code; -1 when killed by a signal. */
  code: number;
  signal?: string;
  /** The -trace_msg message log ("" when SIPp wrote none). */
  trace: string;
  /** The -trace_err error log. */
  errors: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The full command line (for failure messages). */
  command: string;
}

export interface SippProcess {
  pid: number;
  /** The local SIP port SIPp listens on. */
  port: number;
  runDir: string;
  /** Resolves when SIPp exits. */
  done: Promise<SippResult>;
  /** Resolves once the UDP port is bound (SIPp is ready to receive). */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM (SIGKILL after 3 s) and the result. */
  stop(): Promise<SippResult>;
}

function scenarioPath(scenario: string): string {
  if (isAbsolute(scenario) || scenario.endsWith(".xml")) return scenario;
  const p = join(SIPP_SCENARIO_DIR, `${scenario}.xml`);
  if (!existsSync(p)) throw new Error(`no SIPp scenario ${p}`);
  return p;
}

/** Starts SIPp in the background (e.g. a UAS); see runSipp for a UAC you wait for. */
export async function spawnSipp(opts: SippOptions): Promise<SippProcess> {
  const sipp = binary("sipp");
  if ((opts.builtin === undefined) === (opts.scenario === undefined)) {
    throw new Error("spawnSipp: give exactly one of builtin or scenario");
  }
  const port = opts.port ?? (await freePort(true));
  const runDir = makeRunDir("sipp");
  const timeout = opts.timeoutSec ?? 15;
  const args: string[] = [];
  if (opts.builtin !== undefined) args.push("-sn", opts.builtin);
  else args.push("-sf", scenarioPath(opts.scenario!));
  args.push(
    "-i", LOOPBACK,
    "-p", String(port),
    "-m", String(opts.calls ?? 1),
    "-nostdin",
    "-timeout", `${timeout}s`,
    "-timeout_error",
    "-trace_msg", "-message_file", join(runDir, "messages.log"),
    "-trace_err", "-error_file", join(runDir, "errors.log"),
  );
  if (opts.service !== undefined) args.push("-s", opts.service);
  if (opts.auth) args.push("-au", opts.auth.user, "-ap", opts.auth.password);
  for (const [k, v] of Object.entries(opts.keys ?? {})) args.push("-key", k, String(v));
  args.push(...(opts.args ?? []));
  if (opts.remote !== undefined) args.push(opts.remote);

  const t0 = performance.now();
  const child = spawn(sipp, args, { cwd: runDir, stdio: ["ignore", "pipe", "pipe"] });
  track(child, runDir);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    // SIPp's screen output can be large; keep the end
    stdout = (stdout + d).slice(-200_000);
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr = (stderr + d).slice(-200_000);
  });
  let spawnError: Error | undefined;
  const done = new Promise<SippResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      const read = (f: string) => (existsSync(join(runDir, f)) ? readFileSync(join(runDir, f), "utf8") : "");
      const result: SippResult = {
        code: code ?? -1,
        ...(signal ? { signal } : {}),
        trace: read("messages.log"),
        errors: read("errors.log"),
        stdout,
        stderr: spawnError ? `${stderr}\n${spawnError.message}` : stderr,
        durationMs: Math.round(performance.now() - t0),
        command: [sipp, ...args].join(" "),
      };
      if (process.env.RXSIP_KEEP_PEER_DIRS !== "1") rmSync(runDir, { recursive: true, force: true });
      resolve(result);
    };
    child.once("error", (e) => {
      spawnError = e;
      if (child.pid === undefined) finish(-1, null);
    });
    child.once("close", finish);
  });

  return {
    pid: child.pid ?? -1,
    port,
    runDir,
    done,
    ready: (timeoutMs = 5000) =>
      waitUntil(`sipp on port ${port}`, () => udpBound(port), {
        timeoutMs,
        intervalMs: 10,
        abort: () => (child.exitCode !== null ? `exited early (${child.exitCode}): ${stderr.slice(-2000)}` : undefined),
      }),
    stop: async () => {
      await terminate(child, 3000);
      return done;
    },
  };
}

/** Runs SIPp to completion and resolves with its exit code and trace. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  return (await spawnSipp(opts)).done;
}

/** A readable summary of a SIPp result for assertion messages. */
export function describeSipp(r: SippResult): string {
  const screen = r.stdout.split("\n").slice(-40).join("\n");
  return [
    `sipp exit ${r.code}${r.signal ? ` (${r.signal})` : ""} in ${r.durationMs} ms`,
    `command: ${r.command}`,
    r.errors && `--- errors ---\n${r.errors.slice(-4000)}`,
    r.stderr && `--- stderr ---\n${r.stderr.slice(-2000)}`,
    `--- screen (tail) ---\n${screen}`,
    r.trace && `--- trace (tail) ---\n${r.trace.slice(-4000)}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/** SIP start lines in a -trace_msg log, in order (e.g. ["INVITE sip:...", "SIP/2.0 100 Trying", ...]). */
export function traceStartLines(trace: string): string[] {
  const out: string[] = [];
  const lines = trace.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(?:SIP\/2\.0 \d{3}|[A-Z]+ \S+ SIP\/2\.0)/.test(line)) out.push(line.trim());
  }
  return out;
}

/** Scenario names shipped in peers/sipp. */
export function shippedScenarios(): string[] {
  return readdirSync(SIPP_SCENARIO_DIR)
    .filter((f) => f.endsWith(".xml"))
    .map((f) => f.slice(0, -4));
}
