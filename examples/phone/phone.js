// The softphone page: SimpleUser from rxsip, and every view rendered from rxsip streams
// (connection$, registration$, calls$, each call's state$ / held$ / muted$, callHangup$,
// callDTMFReceived$, messageReceived$). Plain DOM and rxjs, no framework.
import { SimpleUser, UserAgent, badRequests, dtmfInfo, optionsPings, sessionRecovery, sessionTimers, sha2Digest } from "rxsip";
import { BehaviorSubject, EMPTY, combineLatest, fromEvent, map, of, switchMap } from "rxjs";

const params = new URLSearchParams(location.search);
const config = await (await fetch("/config.json")).json();
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};
const showError = (e) => ($("error").textContent = e ? `${e.name ?? "Error"}: ${e.message ?? e}` : "");
const attempt = (f) => async (...a) => {
  showError(undefined);
  try {
    await f(...a);
  } catch (e) {
    showError(e);
  }
};
/** "bob" → sip:bob@<domain>; a SIP URI stays as it is. */
const toUri = (target) => {
  const t = target.trim();
  if (/^sips?:/i.test(t)) return t;
  return t.includes("@") ? `sip:${t}` : `sip:${t}@${config.domain}`;
};
const clock = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

$("server").textContent = `${config.server}${config.embedded ? " (embedded development registrar)" : ""} · domain ${config.domain}`;
$("user").value = params.get("user") ?? "";

/** The SimpleUser of this tab, once "Connect" made it. */
const user$ = new BehaviorSubject(undefined);
/** `f(user)` of the current SimpleUser, or `fallback$` while there is none. */
const live = (f, fallback$) => user$.pipe(switchMap((u) => (u ? f(u) : fallback$)));

// ---- status ------------------------------------------------------------------------------------
live((u) => u.connection$, of({ type: "disconnected" })).subscribe((s) => {
  $("connection").textContent = s.type + (s.type === "disconnected" && s.error ? ` (${s.error.message})` : "");
  $("connection").dataset.state = s.type;
});
live((u) => u.registration$, of("Initial")).subscribe((r) => {
  $("registration").textContent = r;
  $("registration").dataset.state = r;
});
live((u) => u.connection$.pipe(map((s) => s.type === "connected")), of(false)).subscribe((connected) => {
  for (const id of ["call", "message-send"]) $(id).disabled = !connected;
  $("disconnect").disabled = !connected;
  $("connect").disabled = connected;
});

// ---- account -----------------------------------------------------------------------------------
const connect = attempt(async () => {
  const name = $("user").value.trim();
  if (!/^[A-Za-z0-9._~-]+$/.test(name)) throw new Error("user: letters, digits and . _ ~ - only");
  const password = $("password").value;
  let u = user$.value;
  if (u === undefined || u.id !== `sip:${name}@${config.domain}`) {
    if (u) await u.dispose();
    u = new SimpleUser(config.server, {
      aor: `sip:${name}@${config.domain}`,
      maxSimultaneousCalls: 4,
      media: { constraints: { audio: true, video: false } },
      userAgentOptions: {
        displayName: name,
        logBuiltinEnabled: false,
        // the showcase turns rxsip's opt-in features on: calls survive a network change
        // (re-INVITE with an ICE restart) and are refreshed by RFC 4028 session timers
        sessionRecovery: sessionRecovery({ iceRestart: true, giveUpAfter: 60 }),
        sessionTimers: sessionTimers(),
        // opt-in transport features: 400 answers to unreadable requests, and an OPTIONS to
        // the server every 30 s that proves the connection alive
        transportOptions: { badRequests: badRequests(), keepAliveInterval: 30, keepAliveMethod: optionsPings() },
        ...(password ? { authorizationUsername: name, authorizationPassword: password } : {}),
        // Digest SHA-256 / SHA-512-256 beside MD5 (RFC 8760): the strongest the server offers
        digestAlgorithms: sha2Digest(),
        // DTMF in INFO (SimpleUser turns it on by itself; said here for the list of opt-ins)
        dtmfInfo: dtmfInfo(),
      },
    });
    user$.next(u);
  }
  await u.connect();
  await u.register();
});
$("account").addEventListener("submit", (e) => {
  e.preventDefault();
  void connect();
});
$("disconnect").addEventListener("click", attempt(() => user$.value?.disconnect()));

// ---- dialling ----------------------------------------------------------------------------------
$("dial").addEventListener("submit", (e) => {
  e.preventDefault();
  const target = $("target").value;
  if (!target.trim()) return;
  void attempt(() => user$.value.call(toUri(target)))();
});

// ---- calls: one card per call, rendered from its streams ---------------------------------------
const cards = new Map();
function callCard(u, call) {
  const state = el("span", { class: "state", "data-testid": "call-state" }, call.state);
  const audio = el("audio", { autoplay: "" });
  const transferTo = el("input", { placeholder: "transfer to", "data-testid": "transfer-to" });
  const button = (label, testid, cls, onclick) => el("button", { type: "button", "data-testid": testid, class: cls, onclick: attempt(onclick) }, label);
  const answer = button("Answer", "answer", "ok", () => (u.select(call), call.answer()));
  const decline = button("Decline", "decline", "danger", () => call.decline());
  const hangup = button("Hang up", "hangup", "danger", () => call.hangup());
  const hold = button("Hold", "hold", "", () => (call.isHeld() ? call.unhold() : call.hold()));
  const mute = button("Mute", "mute", "", () => (call.isMuted() ? call.unmute() : call.mute()));
  const transfer = button("Transfer", "transfer", "", async () => {
    const target = UserAgent.makeURI(toUri(transferTo.value));
    if (!target) throw new Error("transfer: not a SIP URI");
    const code = await call.transfer(target);
    if (code >= 300) throw new Error(`transfer failed: ${code}`);
  });
  const li = el(
    "li",
    { "data-testid": "call", "data-remote": call.remoteName, onclick: (e) => e.target === li && u.select(call) },
    el("span", { class: "who" }, call.direction === "incoming" ? "⬅ " : "➡ ", el("b", {}, call.remoteName), " ", state),
    answer, decline, hold, mute, hangup, transferTo, transfer, audio,
  );
  combineLatest([call.state$, call.held$, call.muted$]).subscribe(([s, held, muted]) => {
    const ringing = call.direction === "incoming" && s !== "Established" && s !== "Terminated";
    const established = s === "Established";
    state.textContent = s + (held ? " · on hold" : "") + (muted ? " · muted" : "");
    li.dataset.state = s;
    answer.hidden = decline.hidden = !ringing;
    hold.hidden = mute.hidden = transfer.hidden = transferTo.hidden = !established;
    hold.textContent = held ? "Unhold" : "Hold";
    mute.textContent = muted ? "Unmute" : "Mute";
    if (established && !audio.srcObject && call.remoteMediaStream) {
      audio.srcObject = call.remoteMediaStream;
      audio.play().catch(() => undefined);
    }
  });
  return li;
}
live((u) => u.calls$.pipe(map((calls) => ({ u, calls }))), of({ u: undefined, calls: [] })).subscribe(({ u, calls }) => {
  const list = $("calls");
  for (const [call, li] of cards) if (!calls.includes(call)) (li.remove(), cards.delete(call));
  for (const call of calls) if (!cards.has(call)) cards.set(call, list.appendChild(callCard(u, call)));
  list.querySelector(".empty")?.remove();
  if (calls.length === 0) list.append(el("li", { class: "empty" }, "no calls"));
});
live((u) => u.selected$, of(undefined)).subscribe((selected) => {
  for (const [call, li] of cards) li.classList.toggle("selected", call === selected);
});

// ---- keypad and DTMF ---------------------------------------------------------------------------
for (const d of "123456789*0#") {
  $("pad").append(
    el("button", { type: "button", "data-testid": `key-${d}`, onclick: attempt(async () => {
      await user$.value?.sendDTMF(d);
      $("dtmf-sent").textContent += d;
    }) }, d),
  );
}
live((u) => u.callDTMFReceived$, EMPTY).subscribe((d) => ($("dtmf-received").textContent += d.tone));

// ---- messages ----------------------------------------------------------------------------------
const logMessage = (text) => $("messages").prepend(el("li", { "data-testid": "message" }, text));
$("message").addEventListener("submit", (e) => {
  e.preventDefault();
  const to = $("message-to").value;
  const text = $("message-text").value;
  if (!to.trim() || !text) return;
  void attempt(async () => {
    await user$.value.message(toUri(to), text);
    logMessage(`→ ${to}: ${text}`);
    $("message-text").value = "";
  })();
});
live((u) => u.messageReceived$, EMPTY).subscribe((m) => logMessage(`← ${m.from.replace(/^sips?:/, "")}: ${m.message}`));

// ---- call log ----------------------------------------------------------------------------------
live((u) => u.callHangup$, EMPTY).subscribe((call) => {
  const took = call.answeredAt !== undefined ? `talked ${clock((call.endedAt ?? call.answeredAt) - call.answeredAt)}` : call.direction === "incoming" ? "missed" : "not answered";
  $("call-log").prepend(
    el("li", { "data-testid": "call-log-entry" }, `${new Date().toLocaleTimeString()} ${call.direction === "incoming" ? "from" : "to"} ${call.remoteName} — ${took}`),
  );
});

// ---- for tests and the console -----------------------------------------------------------------
/** Inbound audio of the selected call as WebRTC counts it (getStats: inbound-rtp, kind audio). */
async function inboundAudio() {
  const pc = user$.value?.session?.sessionDescriptionHandler?.peerConnection;
  if (!pc) return undefined;
  const out = { packetsReceived: 0, totalAudioEnergy: 0, bytesReceived: 0 };
  (await pc.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") {
      out.packetsReceived += r.packetsReceived ?? 0;
      out.bytesReceived += r.bytesReceived ?? 0;
      out.totalAudioEnergy += r.totalAudioEnergy ?? 0;
    }
  });
  return out;
}
window.phone = { user$, inboundAudio, config };

if (params.get("user") && params.get("autoconnect") !== "0") void connect();
fromEvent(window, "pagehide").subscribe(() => void user$.value?.disconnect());
