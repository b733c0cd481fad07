// Starts the project's interop Kamailio (test/interop/peers/kamailio/) with its start script
// and stops it. Meant for a private network namespace, where its ports are always free.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "interop", "peers", "kamailio");

/** Resolves with { sipPort, wsPort, log(), stop() } once Kamailio answers; REGISTER needs digest (alice/alice-secret ...). */
export async function startKamailio({ sipPort = 5060, wsPort = 8080, children = 2 } = {}) {
  const env = { ...process.env, PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin` };
  const { stdout } = await run("bash", [join(dir, "start-kamailio.sh"), "--port", String(sipPort), "--ws-port", String(wsPort), "--children", String(children)], { env, timeout: 30000 });
  const vars = Object.fromEntries(stdout.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const runDir = vars.KAM_RUNDIR;
  return {
    sipPort,
    wsPort,
    runDir,
    async log() {
      const { readFile } = await import("node:fs/promises");
      return readFile(join(runDir, "kamailio.log"), "utf8").catch(() => "");
    },
    async stop() {
      await run("bash", [join(dir, "stop-kamailio.sh"), runDir, "--rm"], { env, timeout: 15000 }).catch(() => undefined);
    },
  };
}
