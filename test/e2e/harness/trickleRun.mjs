// The trickle ICE browser run (RFC 8840), meant for a private network namespace with only
// loopback (see test/e2e/trickle.test.ts):
//   unshare -n sh -c 'ip link set lo up && exec node test/e2e/harness/trickleRun.mjs'
// Two pages on the built rxsip bundle register to the project's Kamailio, both with trickle
// ICE on: alice in "full" mode (her INVITE leaves before any candidate is gathered), bob
// answering at once (his 200 does not wait either). Each page keeps the INVITE / 200 / INFO
// trace of its user agent (wire$) and the session's trickleIce$ events; after 2.5 s of the
// call each reports its inbound audio. Prints one line `RXSIP-E2E <json>`, exits 0.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { startKamailio } from "./kamailio.mjs";
import { startReport, sleep } from "./report.mjs";
import { serve } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { ms, timings, results, finish } = startReport(80_000);
let kamailio;
let browser;
let server;
try {
  const page = `<!doctype html><meta charset=utf-8><title>rxsip trickle e2e</title><script src="/rxsip.iife.min.js"></script><script src="/phone.js"></script>`;
  server = await serve({
    "/": { type: "text/html", body: page },
    "/rxsip.iife.min.js": { type: "text/javascript", body: readFileSync(join(root, "dist", "browser", "rxsip.iife.min.js")) },
    "/phone.js": { type: "text/javascript", body: readFileSync(join(here, "phone.js")) },
  });
  kamailio = await startKamailio();
  timings.kamailio = ms();
  browser = await launchChromium();
  timings.chromium = ms();

  const open = async (user, options) => {
    const p = await browser.context.newPage();
    p.on("pageerror", (e) => (results.pageErrors ??= []).push(`${user}: ${e.message}`));
    await p.goto(server.url);
    await p.waitForFunction(() => window.phoneReady === true, null, { timeout: 10000 });
    await p.evaluate((o) => window.phone.start(o), { user, wsPort: kamailio.wsPort, traceInvites: true, ...options });
    return { run: (fn, arg) => p.evaluate(fn, arg) };
  };
  const alice = await open("alice", { trickleIce: "full" });
  const bob = await open("bob", { trickleIce: true });
  timings.registered = ms();

  const callStarted = ms();
  results.call = await alice.run((u) => window.phone.call(u), "bob");
  results.established = { alice: await alice.run(() => window.phone.connected()), bob: await bob.run(() => window.phone.connected()) };
  timings.connectedAfterMs = ms() - callStarted;
  await sleep(2500);
  results.audio = { alice: await alice.run(() => window.phone.inbound()), bob: await bob.run(() => window.phone.inbound()) };
  results.trace = { alice: await alice.run(() => window.phone.trace()), bob: await bob.run(() => window.phone.trace()) };
  await alice.run(() => window.phone.hangup());
  for (const party of [alice, bob]) await party.run(() => window.phone.stop()).catch(() => undefined);
  timings.call = ms();
} catch (e) {
  results.fatal = `${e.message}`.slice(0, 2000);
  if (kamailio) results.kamailioLog = (await kamailio.log()).split("\n").slice(-30).join("\n");
} finally {
  await browser?.close();
  await kamailio?.stop();
  await server?.close();
}
finish();
