// Drives the browser phone of `npm start` in headless Chromium, two pages calling each other.
// Meant to run inside a private network namespace with only loopback
// (`unshare -n sh -c 'ip link set lo up && exec node test/e2e/phone/run.mjs OUT.png'`), so
// Chromium's ICE candidates are 127.0.0.1 only. Prints one JSON line with what it saw;
// exits non-zero when a step failed (the JSON then has `error`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startPhone } from "../../../examples/phone/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const screenshot = process.argv[2] ?? join(root, "test-artifacts/phone.png");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

const out = { steps: [] };
const step = (name) => out.steps.push(name);
const phone = await startPhone({ root, port: 0 });
const profile = mkdtempSync(join(tmpdir(), "rxsip-phone-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, { headless: true, executablePath: CHROMIUM, args: ARGS, viewport: { width: 800, height: 900 } });
  const errors = [];
  const open = async (name) => {
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(`${name}: ${e.message}`));
    await page.goto(`${phone.url}?user=${name}`);
    await page.waitForSelector('#registration[data-state="Registered"]', { timeout: 10_000 });
    return page;
  };
  const alice = await open("alice");
  const bob = await open("bob");
  step("registered");
  out.bindings = phone.registrar.bindings.map((b) => b.aor).sort();

  await alice.fill("#target", "bob");
  await alice.click("#call");
  await bob.waitForSelector('[data-testid="call"] [data-testid="answer"]:not([hidden])', { timeout: 10_000 });
  step("ringing");
  await bob.click('[data-testid="call"] [data-testid="answer"]');
  for (const p of [alice, bob]) await p.waitForSelector('[data-testid="call"][data-state="Established"]', { timeout: 15_000 });
  step("established");

  // talk: let media flow, then read the inbound audio WebRTC counted
  await alice.waitForTimeout(2500);
  out.audio = {
    alice: await alice.evaluate(() => window.phone.inboundAudio()),
    bob: await bob.evaluate(() => window.phone.inboundAudio()),
  };
  step("talked");

  for (const d of "159") await alice.click(`[data-testid="key-${d}"]`);
  await bob.waitForFunction(() => document.getElementById("dtmf-received").textContent === "159", null, { timeout: 5000 });
  out.dtmf = await bob.textContent("#dtmf-received");
  step("dtmf");

  await alice.click('[data-testid="call"] [data-testid="hold"]');
  await alice.waitForFunction(() => document.querySelector('[data-testid="call-state"]').textContent.includes("on hold"), null, { timeout: 5000 });
  out.heldText = await alice.textContent('[data-testid="call-state"]');
  await alice.click('[data-testid="call"] [data-testid="hold"]');
  await alice.waitForFunction(() => !document.querySelector('[data-testid="call-state"]').textContent.includes("on hold"), null, { timeout: 5000 });
  step("hold");

  await alice.fill("#message-to", "bob");
  await alice.fill("#message-text", "hello from alice");
  await alice.click("#message-send");
  await bob.waitForSelector('[data-testid="message"]', { timeout: 5000 });
  out.message = await bob.textContent('[data-testid="message"]');
  step("message");

  await alice.screenshot({ path: screenshot, fullPage: true });
  out.screenshot = screenshot;

  await alice.click('[data-testid="call"] [data-testid="hangup"]');
  for (const p of [alice, bob]) await p.waitForSelector('[data-testid="call-log-entry"]', { timeout: 5000 });
  out.callLog = { alice: await alice.textContent('[data-testid="call-log-entry"]'), bob: await bob.textContent('[data-testid="call-log-entry"]') };
  out.callsLeft = { alice: await alice.locator('[data-testid="call"]').count(), bob: await bob.locator('[data-testid="call"]').count() };
  step("hung up");
  out.pageErrors = errors;
} catch (e) {
  out.error = `${e?.name ?? "Error"}: ${e?.message ?? e}`.slice(0, 2000);
} finally {
  await context?.close().catch(() => undefined);
  await phone.stop();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
process.exit(out.error ? 1 : 0);
