#!/usr/bin/env node
/**
 * Parse benchmark: rxsip against SIP.js 0.21.2, JsSIP 3.13.8 and `sip` 0.0.6, in one
 * process, side by side.
 *
 *   npm run bench:parse            (builds rxsip, installs the baselines in bench/, runs this)
 *   node bench/parse/run.mjs       (when dist/ is built and bench/node_modules is present)
 *
 * Measures, for each library, in messages per second:
 *   parse    every message of bench/parse/corpus/*.sip parsed from a string;
 *   full     the same, then every standard header present read through the library's
 *            parsed-header surface (what a user agent does with a message it handles);
 *   invite   the 3.6 KB WebRTC INVITE alone, parse only.
 * Rounds are interleaved (each round runs every library once per measure, in a rotated
 * order) and the figures are medians over the rounds. Before timing, every library must
 * parse every message, and agree with rxsip on Call-ID, CSeq, From tag (and To tag,
 * topmost Via branch, method / status code); otherwise this prints the mismatch and
 * exits 1.
 *
 * Environment: BENCH_ROUNDS (default 7), BENCH_MS (milliseconds per measurement,
 * default 550), BENCH_WARMUP_MS (default 300).
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MEASURE_MS = Number(process.env.BENCH_MS ?? 550);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 300);

// ---------------------------------------------------------------------------------------------
// corpus

const corpusDir = join(here, "corpus");
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".sip"))
  .sort();
const corpus = files.map((file) => ({ file, text: readFileSync(join(corpusDir, file), "utf8") }));
const invite = corpus.find((m) => m.file.includes("invite"));
if (corpus.length === 0 || invite === undefined) fail("corpus missing: expected bench/parse/corpus/*.sip with an INVITE");

const COMPACT = { a: "accept-contact", b: "referred-by", c: "content-type", e: "content-encoding", f: "from", i: "call-id", k: "supported", l: "content-length", m: "contact", o: "event", r: "refer-to", s: "subject", t: "to", u: "allow-events", v: "via", x: "session-expires" };

/** Checks framing (CRLF only, Content-Length = body octets) and lists the header names present. */
function inspect({ file, text }) {
  if (/(^|[^\r])\n/.test(text) || /\r(?!\n)/.test(text)) fail(`${file}: line endings must be CRLF`);
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) fail(`${file}: no empty line after the headers`);
  const lines = text.slice(0, end).split("\r\n").slice(1);
  const names = [];
  let contentLength;
  for (const line of lines) {
    if (line[0] === " " || line[0] === "\t") continue;
    const raw = line.slice(0, line.indexOf(":")).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    if (name === "content-length") contentLength = Number(line.slice(line.indexOf(":") + 1).trim());
    if (!names.includes(name)) names.push(name);
  }
  const bodyOctets = Buffer.byteLength(text.slice(end + 4), "utf8");
  if (contentLength !== bodyOctets) fail(`${file}: Content-Length ${contentLength} but the body has ${bodyOctets} octets`);
  // "standard": every header but private X- extensions
  return names.filter((n) => !n.startsWith("x-"));
}
for (const m of corpus) m.names = inspect(m);
const corpusBytes = corpus.reduce((s, m) => s + Buffer.byteLength(m.text), 0);

/** "record-route" -> "Record-Route", the form SIP.js and JsSIP key their header tables by. */
const headerize = (n) => (n === "call-id" ? "Call-ID" : n === "cseq" ? "CSeq" : n === "www-authenticate" ? "WWW-Authenticate" : n.replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase()));

// ---------------------------------------------------------------------------------------------
// the libraries, each used through its public API as a user would

const libs = [];
let rxsipMissing;

// rxsip: the built package (self-reference "rxsip/core" when resolvable, else dist/)
// (bench/package.json is the nearest package scope, so the self-reference usually fails;
// then the path comes from the root package.json's exports map, as Node would resolve it)
let rx;
try {
  rx = await import("rxsip/core");
} catch {
  let path = "dist/esm/core.js";
  try {
    const rootPkg = JSON.parse(readFileSync(join(here, "../../package.json"), "utf8"));
    const entry = rootPkg.exports?.["./core"];
    const target = entry?.import ?? entry?.default;
    // a condition's target is a path, or an object of nested conditions ({ types, default })
    path = (typeof target === "string" ? target : target?.default) ?? path;
  } catch {
    // keep the default path
  }
  try {
    rx = await import(pathToFileURL(join(here, "../..", path)).href);
  } catch (e) {
    rxsipMissing = e;
  }
}
if (rx) {
  /** Headers rxsip reads through dedicated typed getters; every other one goes through parseHeaders(). */
  const TYPED = new Set(["via", "from", "to", "call-id", "cseq", "contact", "max-forwards"]);
  libs.push({
    name: "rxsip",
    parse: (text) => rx.parseMessage(text),
    prepare: (names) => names.filter((n) => !TYPED.has(n)),
    readAll(m, others) {
      let n = 0;
      if (m.isRequest) n += m.method.length + m.ruri.host.length;
      else n += m.statusCode + m.reasonPhrase.length;
      n += m.callId.length + m.cseq.seq;
      const from = m.from;
      n += from.uri.host.length + (from.tag?.length ?? 0);
      const to = m.to;
      n += to.uri.host.length + (to.tag?.length ?? 0);
      n += m.vias.length + m.contacts.length + (m.maxForwards ?? 0);
      for (const name of others) n += m.parseHeaders(name).length;
      return n;
    },
    /** header values grammar-parsed or typed by readAll */
    count: (m, others) => m.vias.length + m.contacts.length + 4 + (m.hasHeader("max-forwards") ? 1 : 0) + others.reduce((s, n) => s + m.parseHeaders(n).length, 0) + (m.isRequest ? 1 : 0),
    fields: (m) => ({
      start: m.isRequest ? m.method : m.statusCode,
      callId: m.callId,
      cseq: `${m.cseq.seq} ${m.cseq.method}`,
      fromTag: m.from.tag,
      toTag: m.to.tag,
      branch: m.via.params?.branch ?? m.via.branch,
    }),
  });
}

// SIP.js 0.21.2: Core.Parser.parseMessage(text, logger); IncomingMessage.parseHeader(name, idx)
const { Core: SipJsCore } = await import("sip.js");
const loggerFactory = new SipJsCore.LoggerFactory();
loggerFactory.builtinEnabled = false;
const sipJsLogger = loggerFactory.getLogger("bench");
/** Headers SIP.js 0.21.2's grammar has a rule for (parseHeader(name) uses the rule named after the header). */
const SIPJS_RULES = new Set(["contact", "record-route", "subscription-state", "supported", "require", "via", "call-id", "content-disposition", "content-length", "content-type", "cseq", "event", "from", "max-forwards", "min-se", "proxy-authenticate", "refer-to", "replaces", "session-expires", "to", "www-authenticate", "referred-by"]);
libs.push({
  name: "sip.js",
  parse: (text) => SipJsCore.Parser.parseMessage(text, sipJsLogger),
  prepare: (names) => names.filter((n) => SIPJS_RULES.has(n)).map(headerize),
  readAll(m, names) {
    let n = 0;
    if (m.method !== undefined) n += m.method.length;
    if (m.ruri) n += m.ruri.host.length; // the Request-URI is parsed with the start line
    for (const name of names) {
      const count = m.getHeaders(name).length;
      for (let i = 0; i < count; i++) if (m.parseHeader(name, i) !== undefined) n++;
    }
    return n;
  },
  count: (m, names) => names.reduce((s, n) => s + m.getHeaders(n).length, 0) + (m.ruri ? 1 : 0),
  fields: (m) => ({
    start: m.statusCode ?? m.method,
    callId: m.callId,
    cseq: `${m.cseq} ${m.parseHeader("cseq").method}`,
    fromTag: m.fromTag,
    toTag: m.toTag,
    branch: m.viaBranch,
  }),
});

// JsSIP 3.13.8: lib/Parser.parseMessage(text, ua) (the UA is only stored on requests); parseHeader(name, idx)
const JsSIPParser = require("jssip/lib/Parser");
const fakeUa = {};
/** Headers JsSIP 3.13.8's grammar has a rule for (parseHeader throws for the others). */
const JSSIP_RULES = new Set(["allow-events", "call-id", "contact", "content-disposition", "content-encoding", "content-length", "content-type", "cseq", "expires", "event", "from", "max-forwards", "min-expires", "proxy-authenticate", "proxy-require", "record-route", "reason", "require", "route", "subscription-state", "subject", "supported", "to", "via", "www-authenticate", "session-expires", "refer-to", "replaces"]);
libs.push({
  name: "jssip",
  parse: (text) => JsSIPParser.parseMessage(text, fakeUa),
  prepare: (names) => names.filter((n) => JSSIP_RULES.has(n)).map(headerize),
  readAll(m, names) {
    let n = 0;
    if (m.ruri) n += m.ruri.host.length;
    for (const name of names) {
      const count = m.getHeaders(name).length;
      for (let i = 0; i < count; i++) if (m.parseHeader(name, i) !== undefined) n++;
    }
    return n;
  },
  count: (m, names) => names.reduce((s, n) => s + m.getHeaders(n).length, 0) + (m.ruri ? 1 : 0),
  fields: (m) => ({
    start: m.status_code ?? m.method,
    callId: m.call_id,
    cseq: `${m.cseq} ${m.parseHeader("cseq").method}`,
    fromTag: m.from_tag,
    toTag: m.to_tag,
    branch: m.via_branch,
  }),
});

// sip 0.0.6: parse(text) parses Via, From, To, Contact, Route, CSeq, auth headers eagerly
// (regular expressions); URIs stay strings until parseUri().
const sip = require("sip");
libs.push({
  name: "sip",
  parse: (text) => sip.parse(text),
  prepare: (names) => names,
  readAll(m) {
    const h = m.headers;
    let n = 0;
    if (m.uri !== undefined && sip.parseUri(m.uri)) n++;
    if (sip.parseUri(h.from.uri)) n++;
    if (sip.parseUri(h.to.uri)) n++;
    if (Array.isArray(h.contact)) for (const c of h.contact) if (sip.parseUri(c.uri)) n++;
    if (h["refer-to"] && sip.parseUri(h["refer-to"].uri)) n++;
    return n;
  },
  count(m) {
    const h = m.headers;
    const list = (v) => (Array.isArray(v) ? v.length : v === undefined ? 0 : 1);
    // eagerly parsed values + URIs parsed by readAll
    return list(h.via) + list(h.route) + list(h["record-route"]) + list(h["www-authenticate"]) + list(h.authorization) + 4 + (h["refer-to"] ? 2 : 0) + (m.uri ? 1 : 0) + 2 * list(h.contact) + 1 /* content-length */;
  },
  fields: (m) => ({
    start: m.status ?? m.method,
    callId: m.headers["call-id"],
    cseq: `${m.headers.cseq.seq} ${m.headers.cseq.method}`,
    fromTag: m.headers.from.params.tag ?? undefined,
    toTag: m.headers.to.params.tag ?? undefined,
    branch: m.headers.via[0].params.branch,
  }),
});

// ---------------------------------------------------------------------------------------------
// verification (before any timing)

let problems = 0;
for (const lib of libs) {
  lib.names = [];
  lib.headerValues = 0;
  for (const msg of corpus) {
    let m;
    try {
      m = lib.parse(msg.text);
    } catch (e) {
      console.error(`FAIL ${lib.name} throws on ${msg.file}: ${e?.message ?? e}`);
      problems++;
      continue;
    }
    if (m === undefined || m === null) {
      console.error(`FAIL ${lib.name} rejects ${msg.file}`);
      problems++;
      continue;
    }
    const names = lib.prepare(msg.names);
    lib.names.push(names);
    try {
      lib.readAll(m, names);
      lib.headerValues += lib.count(m, names);
    } catch (e) {
      console.error(`FAIL ${lib.name} reading the headers of ${msg.file}: ${e?.message ?? e}`);
      problems++;
    }
    // SIP.js and JsSIP drop a header whose lazy parse fails: every one read must still be there
    if (lib.name === "sip.js" || lib.name === "jssip") {
      for (const name of names) {
        const count = m.getHeaders(name).length;
        for (let i = 0; i < count; i++) {
          if (m.parseHeader(name, i) === undefined) {
            console.error(`FAIL ${lib.name} cannot parse ${name} #${i} of ${msg.file}`);
            problems++;
          }
        }
      }
    }
    msg[lib.name] = lib.fields(m);
  }
}
if (rx) {
  for (const msg of corpus) {
    const ref = msg.rxsip;
    if (!ref) continue;
    for (const lib of libs) {
      const got = msg[lib.name];
      if (!got || lib.name === "rxsip") continue;
      for (const key of Object.keys(ref)) {
        if (String(got[key]) !== String(ref[key])) {
          console.error(`MISMATCH ${msg.file} ${key}: rxsip ${JSON.stringify(ref[key])}, ${lib.name} ${JSON.stringify(got[key])}`);
          problems++;
        }
      }
    }
  }
}
if (problems > 0) fail(`${problems} problem(s) found while checking the corpus; nothing timed`);
console.log(
  `verified: ${libs.map((l) => l.name).join(", ")} parse all ${corpus.length} messages` +
    (rx ? "; Call-ID, CSeq, From/To tag, Via branch and method/status agree with rxsip" : ""),
);

// ---------------------------------------------------------------------------------------------
// timing

let sink = 0;
const texts = corpus.map((m) => m.text);
const inviteText = invite.text;

const measures = [
  {
    key: "parse",
    label: `parse, ${corpus.length}-msg corpus`,
    msgs: corpus.length,
    make: (lib) => () => {
      for (let i = 0; i < texts.length; i++) if (lib.parse(texts[i]) === undefined) sink++;
    },
  },
  {
    key: "full",
    label: "parse + all std headers",
    msgs: corpus.length,
    make: (lib) => () => {
      const names = lib.names;
      for (let i = 0; i < texts.length; i++) sink += lib.readAll(lib.parse(texts[i]), names[i]);
    },
  },
  {
    key: "invite",
    label: `${(Buffer.byteLength(inviteText) / 1024).toFixed(1)} KB INVITE, parse`,
    msgs: 1,
    make: (lib) => () => {
      if (lib.parse(inviteText) === undefined) sink++;
    },
  },
];

function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Runs fn for about ms milliseconds; returns calls per second. */
function warm(fn, ms) {
  const t0 = now();
  let calls = 0;
  let batch = 1;
  while (now() - t0 < ms / 1000) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    batch = Math.min(batch * 2, 1024);
  }
  return calls / (now() - t0);
}

/** Runs fn in chunks of `chunk` calls until ms milliseconds have passed; returns calls per second. */
function timed(fn, chunk, ms) {
  const t0 = now();
  const until = t0 + ms / 1000;
  let calls = 0;
  let t = t0;
  do {
    for (let i = 0; i < chunk; i++) fn();
    calls += chunk;
    t = now();
  } while (t < until);
  return calls / (t - t0);
}

const jobs = [];
for (const measure of measures) {
  for (const lib of libs) {
    const fn = measure.make(lib);
    const rate = warm(fn, WARMUP_MS);
    // chunks of ~10 ms between clock reads
    jobs.push({ measure, lib, fn, chunk: Math.max(1, Math.round(rate / 100)), samples: [] });
  }
}
const started = now();
process.stdout.write(`timing: ${ROUNDS} rounds x ${jobs.length} measurements of ~${MEASURE_MS} ms `);
for (let round = 0; round < ROUNDS; round++) {
  for (const measure of measures) {
    const row = jobs.filter((j) => j.measure === measure);
    for (let k = 0; k < row.length; k++) {
      const job = row[(k + round) % row.length];
      job.samples.push(timed(job.fn, job.chunk, MEASURE_MS) * measure.msgs);
    }
  }
  process.stdout.write(".");
}
console.log(` ${(now() - started).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------------
// report

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
const short = (x) => (x >= 10000 ? `${Math.round(x / 1000)}k` : x >= 1000 ? `${(x / 1000).toFixed(1)}k` : String(Math.round(x)));
const result = (measure, name) => {
  const job = jobs.find((j) => j.measure === measure && j.lib.name === name);
  return job && { median: median(job.samples), min: Math.min(...job.samples), max: Math.max(...job.samples) };
};

const cpu = os.cpus()[0]?.model ?? "?";
console.log("");
console.log(`node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} x ${cpu}`);
console.log(`corpus: ${corpus.length} messages, ${corpusBytes.toLocaleString("en-US")} B (avg ${Math.round(corpusBytes / corpus.length)} B); INVITE ${Buffer.byteLength(inviteText).toLocaleString("en-US")} B`);
console.log(`medians of ${ROUNDS} interleaved rounds, msgs/s (min-max across rounds below each row)`);
console.log("");

const names = libs.map((l) => l.name);
const ratioNames = rx ? names.filter((n) => n !== "rxsip") : [];
const W = 26;
const C = 12;
const pad = (s, w) => String(s).padStart(w);
let header = "measure".padEnd(W) + names.map((n) => pad(n, C)).join("") + ratioNames.map((n) => pad(`rxsip/${n}`, C + 2)).join("");
console.log(header);
console.log("-".repeat(header.length));
for (const measure of measures) {
  const r = names.map((n) => result(measure, n));
  let line = measure.label.padEnd(W) + r.map((x) => pad(fmt(x.median), C)).join("");
  if (rx) {
    const base = r[0].median;
    for (const n of ratioNames) line += pad(`${(base / result(measure, n).median).toFixed(2)}x`, C + 2);
  }
  console.log(line);
  console.log("".padEnd(W) + r.map((x) => pad(`${short(x.min)}-${short(x.max)}`, C)).join(""));
}
console.log("");
console.log(
  "header values parsed per corpus pass in 'parse + all std headers': " +
    libs.map((l) => `${l.name} ${l.headerValues}`).join(", ") +
    "\n  (rxsip: typed getters + parseHeaders() for every other header; SIP.js / JsSIP: parseHeader(name, i) for each" +
    "\n  line of every header their grammar has a rule for; sip: its eager regex parse + parseUri() of R-URI, From, To, Contact, Refer-To)",
);
if (sink === -1) console.log(sink);

if (!rx) {
  console.error(`\nrxsip not measured: cannot import rxsip/core or the built dist/ file (${rxsipMissing?.message ?? rxsipMissing}); run \`npm run build\` first`);
  process.exit(1);
}
const sipjs = result(measures[0], "sip.js");
console.log(`parse ratio rxsip/sip.js: ${(result(measures[0], "rxsip").median / sipjs.median).toFixed(2)}x`);

function fail(message) {
  console.error(message);
  process.exit(1);
}
