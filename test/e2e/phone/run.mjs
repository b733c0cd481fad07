// Drives the browser phone of `npm start` in headless Chromium, two pages calling each other.
// Meant to run inside a private network namespace with only loopback
// (`unshare -n sh -c 'ip link set lo up && exec node test/e2e/phone/run.mjs OUT.png'`), so
// Chromium's ICE candidates are 127.0.0.1 only. Prints one JSON line with what it saw;
// exits non-zero when a step failed (the JSON then has `error`).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPhone } from "../../../examples/phone/server.mjs";
import { findChromium, launchChromium } from "../harness/chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const screenshot = process.argv[2] ?? join(root, "test-artifacts/phone.png");

const out = { steps: [] };
const step = (name) => out.steps.push(name);
const phone = await startPhone({ root, port: 0 });
let browser;
try {
  browser = await launchChromium(findChromium());
  const context = browser.context;
  const errors = [];
  const open = async (name) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
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
  await browser?.close();
  await phone.stop();
}
console.log(JSON.stringify(out));
process.exit(out.error ? 1 : 0);
