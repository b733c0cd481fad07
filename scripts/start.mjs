// `npm start`: the browser phone of examples/phone on loopback. Starts rxsip/testing's
// registrar/proxy on a WebSocket (in this process) and serves the page over HTTP, both on
// 127.0.0.1, and prints the URL. Open it in two tabs (?user=alice, ?user=bob) and call.
//
//   npm start                         embedded registrar, http://127.0.0.1:8088/
//   npm start -- --server wss://sip.example.com --domain example.com
//                                     the same page against a real server (no registrar)
//   npm start -- --port 0             any free HTTP port
//   npm start -- --smoke              CI-safe check: start, fetch the page, register two
//                                     SimpleUsers (Node, fake media) through the embedded
//                                     registrar, call, hang up, print, exit 0 / 1
//
// Runs until Ctrl-C / SIGTERM otherwise. Builds dist/ first if it is missing.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    server: { type: "string" },
    domain: { type: "string" },
    port: { type: "string", default: process.env.PORT ?? "8088" },
    host: { type: "string", default: "127.0.0.1" },
    smoke: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log("usage: npm start [-- --server wss://host[:port][/path]] [--domain example.com] [--port 8088] [--smoke]");
  process.exit(0);
}
if (args.server !== undefined && !/^wss?:\/\/[^\s/?#]+(\/[^\s]*)?$/i.test(args.server)) {
  console.error(`--server must be a ws:// or wss:// URL, got ${JSON.stringify(args.server)}`);
  process.exit(2);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${JSON.stringify(args.port)}`);
  process.exit(2);
}

if (!existsSync(join(root, "dist/esm/index.js")) || !existsSync(join(root, "dist/esm/testing.js"))) {
  console.log("dist/ is missing: running `npm run build` first");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}

const { startPhone } = await import("../examples/phone/server.mjs");
const phone = await startPhone({ root, host: args.host, port, server: args.server, domain: args.domain });
console.log(`rxsip phone: ${phone.url}`);
if (phone.registrar) console.log(`  embedded registrar/proxy: ${phone.server} (in this process, loopback only)`);
else console.log(`  server: ${phone.server}`);
console.log(`  two tabs: ${phone.url}?user=alice  and  ${phone.url}?user=bob  — then call "bob" from alice`);

if (args.smoke) {
  const { smokeTest } = await import("../examples/phone/smoke.mjs");
  let ok = false;
  try {
    ok = await smokeTest(phone, (line) => console.log(`  smoke: ${line}`));
  } catch (e) {
    console.error(`  smoke: failed: ${e?.message ?? e}`);
  }
  await phone.stop();
  console.log(ok ? "smoke: ok" : "smoke: FAILED");
  process.exit(ok ? 0 : 1);
}

console.log("  Ctrl-C to stop");
const stop = async () => {
  await phone.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
