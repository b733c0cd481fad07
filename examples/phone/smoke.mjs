// `npm start -- --smoke`: checks a started phone without a browser — the page and its
// config are served, and two SimpleUsers (Node, fake media) register with the server the
// page uses, call, exchange DTMF and hang up. Returns true when all of that happened.
import { SimpleUser } from "rxsip";
import { NodeTransport } from "rxsip/node";
import { fakeSessionDescriptionHandlerFactory } from "rxsip/testing";

const until = async (check, ms = 5000) => {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

export async function smokeTest(phone, say) {
  const page = await fetch(phone.url);
  const html = await page.text();
  say(`GET ${phone.url} -> ${page.status} (${html.length} bytes, import map ${html.includes("importmap") ? "present" : "MISSING"})`);
  const config = await (await fetch(new URL("config.json", phone.url))).json();
  say(`config.json -> server ${config.server}, domain ${config.domain}`);
  if (page.status !== 200 || !html.includes("importmap")) return false;
  if (!phone.registrar) {
    say("a real server is configured: the SIP part of the smoke test needs the embedded registrar, skipped");
    return true;
  }
  const user = (name) =>
    new SimpleUser(config.server, {
      aor: `sip:${name}@${config.domain}`,
      userAgentOptions: { transportConstructor: NodeTransport, sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(), logBuiltinEnabled: false },
    });
  const alice = user("smoke-alice");
  const bob = user("smoke-bob");
  const digits = [];
  let answered = false;
  let hungUp = false;
  bob.callReceived$.subscribe((call) => void call.answer());
  bob.callDTMFReceived$.subscribe((d) => digits.push(d.tone));
  alice.callAnswered$.subscribe(() => (answered = true));
  alice.callHangup$.subscribe(() => (hungUp = true));
  try {
    await Promise.all([alice.connect(), bob.connect()]);
    await Promise.all([alice.register(), bob.register()]);
    await until(() => phone.registrar.bindings.length >= 2);
    say(`registered: ${phone.registrar.bindings.map((b) => b.aor).join(", ")}`);
    await alice.call(`sip:smoke-bob@${config.domain}`);
    await until(() => answered);
    say("call answered");
    for (const d of "42#") await alice.sendDTMF(d);
    await until(() => digits.length === 3);
    say(`bob received DTMF ${digits.join("")}`);
    await alice.hangup();
    await until(() => hungUp);
    say("hung up");
    return digits.join("") === "42#";
  } finally {
    await alice.dispose();
    await bob.dispose();
  }
}
