// Debian's Chromium, headless, driven by playwright-core (never a downloaded browser).
// Fake microphone and camera, no permission prompts, autoplay allowed, raw IP candidates,
// and loopback candidates allowed (the tests run in a network namespace with only `lo`).
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The Chromium executable, or undefined when none is installed. */
export function findChromium(env = process.env) {
  for (const p of [env.RXSIP_CHROMIUM, ...CHROMIUM_CANDIDATES]) {
    if (!p) continue;
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

/**
 * Launches Chromium with a private profile; resolves with { context, close() }. Each
 * `context.newPage()` is a separate tab of the same browser (cheaper than a browser per party).
 */
export async function launchChromium(executablePath = findChromium()) {
  if (!executablePath) throw new Error("chromium not found (apt-get install chromium; scripts/install-peers.sh installs it)");
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "rxsip-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
