import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CORPUS_DIR } from "../corpus.js";
import { HEADER_RULES } from "../../src/core/messages/headerNames.js";
import { parseMessage, type SipMessageAny } from "../../src/core/messages/index.js";

/**
 * The RFC 4475 / RFC 5118 torture messages, read in place from ../shared/rfc-torture
 * beside the checkout (never copied into the project). Under CI=true a missing folder
 * is a failure; elsewhere the tests are skipped (see ../corpus.ts) and `loadManifest`
 * returns no entries.
 */
export const TORTURE_DIR = CORPUS_DIR;

export interface TortureEntry {
  name: string;
  file: string;
  rfcSection: string;
  title: string;
  expect: "valid" | "invalid" | "valid-but-reject-semantically";
  layer: string;
  what: string;
  alsoAcceptable?: string[];
  transport?: string;
}

export function tortureAvailable(): boolean {
  return existsSync(resolve(TORTURE_DIR, "manifest.json"));
}

export function loadManifest(): TortureEntry[] {
  if (!tortureAvailable()) return []; // describeWithCorpus fails (CI) or skips the tests that need it
  return JSON.parse(readFileSync(resolve(TORTURE_DIR, "manifest.json"), "utf8")) as TortureEntry[];
}

export function tortureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(TORTURE_DIR, file)));
}

/** Parses a message and then reads every header that has a grammar rule, so lazily validated faults surface. */
export function parseFully(input: Uint8Array | string): SipMessageAny {
  const m = parseMessage(input);
  for (const [name] of m.headers) {
    const key = name.toLowerCase();
    if (key in HEADER_RULES || key.length === 1) m.parseHeaders(name);
  }
  return m;
}
