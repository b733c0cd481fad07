// The browser end-to-end run, meant to be started in a private network namespace with only
// loopback (see test/e2e/browser.test.ts):
//   unshare -n sh -c 'ip link set lo up && exec node test/e2e/harness/run.mjs'
// It starts Kamailio, serves the test pages (the built rxsip browser bundle, dist/browser),
// launches Debian's Chromium and plays the scenarios; it prints one line
// `RXSIP-E2E <json>` with what each page measured, and exits 0 (the test asserts).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { startKamailio } from "./kamailio.mjs";
import { startNodePhone } from "./nodePhone.mjs";
import { startReport, sleep } from "./report.mjs";
import { serve } from "./server.mjs";
import { bundleSipJsWeb } from "./sipjsBundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { ms, timings, results, finish } = startReport(110_000);
let kamailio;
let browser;
let server;
let nodePhone;
try {
  const bundle = readFileSync(join(root, "dist", "browser", "rxsip.iife.min.js"));
  const sipjs = await bundleSipJsWeb();
  timings.sipjsBundle = ms();
  const page = (scripts) => `<!doctype html><meta charset=utf-8><title>rxsip e2e</title>${scripts.map((s) => `<script src="${s}"></script>`).join("")}`;
  server = await serve({
    "/": { type: "text/html", body: page(["/rxsip.iife.min.js", "/phone.js"]) },
    "/sipjs": { type: "text/html", body: page(["/rxsip.iife.min.js", "/sipjs.js", "/phone.js"]) },
    "/rxsip.iife.min.js": { type: "text/javascript", body: bundle },
    "/sipjs.js": { type: "text/javascript", body: sipjs },
    "/phone.js": { type: "text/javascript", body: readFileSync(join(here, "phone.js")) },
  });
  kamailio = await startKamailio();
  timings.kamailio = ms();
  browser = await launchChromium();
  timings.chromium = ms();

  const open = async (path, user, options = {}) => {
    const p = await browser.context.newPage();
    p.on("pageerror", (e) => (results.pageErrors ??= []).push(`${user}: ${e.message}`));
    await p.goto(`${server.url}${path}`);
    await p.waitForFunction(() => window.phoneReady === true, null, { timeout: 10000 });
    const started = await p.evaluate((o) => window.phone.start(o), { user, wsPort: kamailio.wsPort, ...options });
    return { p, started, run: (fn, arg) => p.evaluate(fn, arg) };
  };
  const alice = await open("/", "alice");
  const bob = await open("/", "bob");
  results.defaultFactory = { alice: alice.started.defaultFactory, bob: bob.started.defaultFactory };
  timings.registered = ms();

  // 1. a call between two pages through Kamailio, default handler: audio both ways
  results.call = await alice.run((u) => window.phone.call(u), "bob");
  results.established = { alice: await alice.run(() => window.phone.connected()), bob: await bob.run(() => window.phone.connected()) };
  await sleep(2500);
  results.audio = { alice: await alice.run(() => window.phone.inbound()), bob: await bob.run(() => window.phone.inbound()) };
  timings.call = ms();

  // 2. hold: bob answers recvonly and stops sending to alice; unhold brings it back
  results.hold = { held: await alice.run(() => window.phone.hold()) };
  await sleep(600);
  results.hold.alicePacketsWhileHeld = await alice.run(() => window.phone.packetsDuring(1000));
  results.hold.bobPacketsWhileHeld = await bob.run(() => window.phone.packetsDuring(500));
  results.hold.resumed = await alice.run(() => window.phone.unhold());
  await sleep(600);
  results.hold.alicePacketsAfterUnhold = await alice.run(() => window.phone.packetsDuring(1000));
  timings.hold = ms();

  // 3. DTMF by RTCDTMFSender (RFC 4733): played by alice's sender, telephone-event packets at bob
  results.dtmf = await alice.run((t) => window.phone.dtmf(t), "159");
  await sleep(400);
  results.dtmf.bob = await bob.run(() => window.phone.report());
  results.dtmf.alice = await alice.run(() => window.phone.report());
  timings.dtmf = ms();

  // 4. a data channel added by re-offer carries text both ways
  results.dataChannel = await alice.run((t) => window.phone.dataChannel(t), "hello over SCTP");
  results.dataChannel.bobGot = (await bob.run(() => window.phone.report())).messages;
  timings.dataChannel = ms();

  // 5. ICE restart by re-offer: new credentials, still connected, audio still flowing both ways
  results.iceRestart = await alice.run(() => window.phone.iceRestart());
  results.iceRestart.alicePackets = await alice.run(() => window.phone.packetsDuring(1000));
  results.iceRestart.bobPackets = await bob.run(() => window.phone.packetsDuring(500));
  await alice.run(() => window.phone.hangup());
  timings.iceRestart = ms();

  // 6. early media: bob answers with a 183 carrying the answer, the 200 3 s later; alice hears bob before the 200
  await bob.run(() => window.phone.answerWithEarlyMedia(3000));
  results.earlyMedia = await alice.run((u) => window.phone.callMeasuringEarlyMedia(u, 1500), "bob");
  await bob.run(() => window.phone.answerWithEarlyMedia(0));
  await alice.run(() => window.phone.hangup());
  timings.earlyMedia = ms();

  // 7. SIP.js's own Web handler factory inside rxsip: carol (SIP.js handler) calls bob (rxsip's)
  const carol = await open("/sipjs", "carol", { sipjs: true });
  results.sipjs = { call: await carol.run((u) => window.phone.call(u), "bob") };
  results.sipjs.connected = { carol: await carol.run(() => window.phone.connected()), bob: await bob.run(() => window.phone.connected()) };
  await sleep(2500);
  results.sipjs.audio = { carol: await carol.run(() => window.phone.inbound()), bob: await bob.run(() => window.phone.inbound()) };
  await carol.run(() => window.phone.hangup());
  timings.sipjs = ms();

  // 8. a page calls a Node rxsip UA (dave, werift media playing a 440 Hz tone): G.711 PCMU both ways
  const dave = await startNodePhone({ user: "dave", wsPort: kamailio.wsPort });
  nodePhone = dave;
  timings.nodeRegistered = ms();
  results.pageCallsNode = { call: await alice.run((u) => window.phone.call(u), "dave") };
  results.pageCallsNode.connected = { alice: await alice.run(() => window.phone.connected()), dave: await dave.established() };
  await sleep(2000);
  results.pageCallsNode.page = { inbound: await alice.run(() => window.phone.inbound()), codecs: await alice.run(() => window.phone.codecs()) };
  results.pageCallsNode.node = dave.report();
  await alice.run(() => window.phone.hangup());
  timings.pageCallsNode = ms();

  // 9. the Node UA calls a page (bob answers): the same checks the other way round
  results.nodeCallsPage = { established: await dave.call("bob") };
  results.nodeCallsPage.connected = { bob: await bob.run(() => window.phone.connected()) };
  await sleep(2000);
  results.nodeCallsPage.page = { inbound: await bob.run(() => window.phone.inbound()), codecs: await bob.run(() => window.phone.codecs()) };
  results.nodeCallsPage.node = dave.report();
  await dave.hangup();
  timings.nodeCallsPage = ms();

  for (const party of [alice, bob, carol]) await party.run(() => window.phone.stop()).catch(() => undefined);
} catch (e) {
  results.fatal = `${e.message}`.slice(0, 2000);
  if (kamailio) results.kamailioLog = (await kamailio.log()).split("\n").slice(-30).join("\n");
} finally {
  await nodePhone?.stop();
  await browser?.close();
  await kamailio?.stop();
  await server?.close();
}
finish();
