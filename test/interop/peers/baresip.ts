/**
 * A headless baresip 1.0 user agent (Debian package baresip-core) on 127.0.0.1, registered
 * at the interop Kamailio over UDP, driven over its ctrl_tcp socket (JSON netstrings):
 * commands (`dial`, `hangup`, `accept`, `reginfo`, `listcalls` ...) and the events it pushes
 * (REGISTER_OK, CALL_INCOMING, CALL_RINGING, CALL_ESTABLISHED, CALL_CLOSED ...).
 *
 *   const carol = await startBaresip({ user: "carol", password: "carol-secret", registrarPort: kam.udpPort });
 *   await carol.command("dial", `sip:bob@127.0.0.1:${kam.udpPort}`);
 *   await carol.waitForEvent("CALL_ESTABLISHED");
 *   await carol.stop();
 *
 * No sound card: ausine is the audio source, aubridge a null player; PCMU only.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { binary, freePort, LOOPBACK, makeRunDir, sleep, tcpAccepts, terminate, track, waitUntil } from "./util.js";

export interface BaresipOptions {
  user: string;
  password: string;
  /** UDP port of the registrar (Kamailio's udpPort). */
  registrarPort: number;
  /** "auto" (default) answers incoming calls; "manual" waits for an `accept` command. */
  answermode?: "auto" | "manual";
  /** Local SIP port; default a free one. */
  sipPort?: number;
  /** ctrl_tcp port; default a free one. */
  ctrlPort?: number;
  /** Wait for the registration to succeed (default true). */
  register?: boolean;
  /** Startup and registration timeout in ms (default 10000). */
  timeoutMs?: number;
  /** More account parameters, e.g. "dtmfmode=info" (appended to the account line). */
  accountParams?: string;
}

/** One event baresip pushed over ctrl_tcp. */
export interface BaresipEvent {
  event: true;
  class: string;
  type: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  id?: string;
  param?: string;
  [key: string]: unknown;
}

export interface BaresipResponse {
  response: true;
  ok: boolean;
  data: string;
  token?: string;
}

export interface BaresipPeer {
  user: string;
  pid: number;
  sipPort: number;
  ctrlPort: number;
  dir: string;
  /** Milliseconds from spawn to registered (or to ctrl_tcp up when register is false). */
  startupMs: number;
  /** Every event received so far, in order. */
  events: BaresipEvent[];
  /** Sends a ctrl_tcp command and resolves with its response. */
  command(command: string, params?: string, timeoutMs?: number): Promise<BaresipResponse>;
  /** Resolves with the first event of that type (already received ones count) or fails after timeoutMs. */
  waitForEvent(type: string | ((e: BaresipEvent) => boolean), timeoutMs?: number): Promise<BaresipEvent>;
  /** baresip's console output so far. */
  log(): string;
  /** SIGTERM, wait for the process to exit (so its ports are free again), remove its dir. */
  stop(): Promise<void>;
}

/** Module directory of the Debian package. */
const MODULE_PATH = "/usr/lib/baresip/modules";

/** Strips ANSI colour codes (reginfo answers with them). */
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

export async function startBaresip(opts: BaresipOptions): Promise<BaresipPeer> {
  const exe = binary("baresip");
  if (!existsSync(join(MODULE_PATH, "ctrl_tcp.so"))) {
    throw new Error(`baresip modules not found in ${MODULE_PATH} (Debian package baresip-core)`);
  }
  const sipPort = opts.sipPort ?? (await freePort(true));
  const ctrlPort = opts.ctrlPort ?? (await freePort(false));
  const dir = makeRunDir("baresip");
  const answermode = opts.answermode ?? "auto";
  const timeoutMs = opts.timeoutMs ?? 10000;

  writeFileSync(
    join(dir, "config"),
    [
      "poll_method\t\tepoll",
      // an IP, not "lo": an interface name fails with "No such device"
      "net_interface\t\t127.0.0.1",
      `sip_listen\t\t127.0.0.1:${sipPort}`,
      "dns_server\t\t127.0.0.1:53",
      "call_local_timeout\t60",
      "call_max_calls\t\t4",
      `module_path\t\t${MODULE_PATH}`,
      "audio_player\t\taubridge,nil",
      "audio_source\t\tausine,440",
      "audio_alert\t\taubridge,nil",
      "audio_level\t\tno",
      // ausine only accepts 48000 Hz stereo
      "ausrc_srate\t\t48000",
      "ausrc_channels\t\t2",
      "auplay_srate\t\t48000",
      "rtp_ports\t\t20000-20099",
      "rtp_timeout\t\t0",
      "module\t\t\tg711.so",
      "module\t\t\tausine.so",
      "module\t\t\taubridge.so",
      "module_app\t\taccount.so",
      "module_app\t\tmenu.so",
      "module_app\t\tctrl_tcp.so",
      `ctrl_tcp_listen\t\t127.0.0.1:${ctrlPort}`,
      "",
    ].join("\n"),
  );
  const regint = opts.register === false ? 0 : 600;
  writeFileSync(
    join(dir, "accounts"),
    `<sip:${opts.user}@127.0.0.1:${opts.registrarPort};transport=udp>;auth_pass=${opts.password};` +
      `answermode=${answermode};regint=${regint};mwi=no;pubint=0;audio_codecs=pcmu` +
      (opts.accountParams ? `;${opts.accountParams}` : "") +
      "\n",
  );
  writeFileSync(join(dir, "contacts"), "");

  const logFile = join(dir, "baresip.log");
  const t0 = performance.now();
  const fd = openSync(logFile, "a");
  const child = spawn(exe, ["-f", dir], { cwd: dir, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  track(child, dir);
  let spawnError: Error | undefined;
  child.once("error", (e) => (spawnError = e));

  let finalLog: string | undefined;
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const log = () => finalLog ?? readLog();

  const events: BaresipEvent[] = [];
  const eventWaiters = new Set<() => void>();
  const pending = new Map<string, (r: BaresipResponse) => void>();
  let socket: net.Socket | undefined;
  let tokenSeq = 0;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      socket?.destroy();
      await terminate(child, 5000);
      finalLog = readLog();
      if (process.env.RXSIP_KEEP_PEER_DIRS !== "1") rmSync(dir, { recursive: true, force: true });
    })());

  const abort = () =>
    spawnError
      ? `spawn failed: ${spawnError.message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.exitCode ?? child.signalCode})`
        : undefined;

  const command = (cmd: string, params = "", cmdTimeoutMs = 5000): Promise<BaresipResponse> => {
    if (!socket) return Promise.reject(new Error("baresip ctrl_tcp not connected"));
    const token = `t${++tokenSeq}`;
    const json = JSON.stringify({ command: cmd, params, token });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(token);
        reject(new Error(`baresip ${opts.user}: no response to "${cmd} ${params}" in ${cmdTimeoutMs} ms`));
      }, cmdTimeoutMs);
      pending.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      socket!.write(`${Buffer.byteLength(json)}:${json},`);
    });
  };

  const waitForEvent = (match: string | ((e: BaresipEvent) => boolean), waitMs = 10000): Promise<BaresipEvent> => {
    const pred = typeof match === "string" ? (e: BaresipEvent) => e.type === match : match;
    const found = events.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const e = events.find(pred);
        if (e) {
          clearTimeout(timer);
          eventWaiters.delete(check);
          resolve(e);
        }
      };
      const timer = setTimeout(() => {
        eventWaiters.delete(check);
        reject(
          new Error(
            `baresip ${opts.user}: no event ${typeof match === "string" ? match : "(predicate)"} in ${waitMs} ms; ` +
              `events: ${events.map((e) => e.type).join(", ") || "none"}`,
          ),
        );
      }, waitMs);
      eventWaiters.add(check);
    });
  };

  try {
    await waitUntil(`baresip ${opts.user} ctrl_tcp :${ctrlPort}`, () => tcpAccepts(ctrlPort, 200), {
      timeoutMs,
      intervalMs: 20,
      abort,
    });
    socket = net.connect({ port: ctrlPort, host: LOOPBACK });
    await new Promise<void>((resolve, reject) => {
      socket!.once("connect", resolve);
      socket!.once("error", reject);
    });
    socket.on("error", () => {
      // the process went away; stop() and timeouts report it
    });
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      // netstrings: LEN ":" DATA ","
      for (;;) {
        const colon = buf.indexOf(0x3a);
        if (colon === -1) break;
        const len = Number(buf.subarray(0, colon).toString("latin1"));
        if (!Number.isInteger(len) || len < 0) {
          buf = Buffer.alloc(0);
          break;
        }
        if (buf.length < colon + 1 + len + 1) break;
        const payload = buf.subarray(colon + 1, colon + 1 + len).toString("utf8");
        buf = buf.subarray(colon + 1 + len + 1);
        let msg: BaresipEvent | BaresipResponse;
        try {
          msg = JSON.parse(payload);
        } catch {
          continue;
        }
        if ((msg as BaresipEvent).event === true) {
          events.push(msg as BaresipEvent);
          for (const w of [...eventWaiters]) w();
        } else if ((msg as BaresipResponse).response === true) {
          const r = msg as BaresipResponse;
          if (r.token !== undefined) {
            pending.get(r.token)?.(r);
            pending.delete(r.token);
          }
        }
      }
    });

    if (opts.register !== false) {
      // REGISTER_OK may have been pushed before we connected: ask reginfo until it says OK
      const failed = () => events.find((e) => e.type === "REGISTER_FAIL");
      await waitUntil(
        `baresip ${opts.user} registration at 127.0.0.1:${opts.registrarPort}`,
        async () => {
          if (events.some((e) => e.type === "REGISTER_OK")) return true;
          const info = plain((await command("reginfo", "", 2000)).data);
          return /\bOK\b/.test(info);
        },
        {
          timeoutMs,
          intervalMs: 50,
          abort: () => {
            const f = failed();
            return abort() ?? (f ? `REGISTER_FAIL ${f.param ?? ""}` : undefined);
          },
        },
      );
    }
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- baresip log (tail) ---\n${(finalLog ?? "").slice(-3000)}`);
  }
  const startupMs = Math.round(performance.now() - t0);
  // let late REGISTER_OK events arrive in order before tests look at events
  await sleep(0);

  return {
    user: opts.user,
    pid: child.pid!,
    sipPort,
    ctrlPort,
    dir,
    startupMs,
    events,
    command,
    waitForEvent,
    log,
    stop,
  };
}
