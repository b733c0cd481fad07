#!/usr/bin/env node
/**
 * Generates src/core/grammar/generated/sip-parser.js (ES module) and sip-parser.d.ts
 * from src/core/grammar/sip.peggy with the peggy JS API. The generated parser is the tests'
 * oracle (test/core/grammar/differential.test.ts); the SDK runs the hand-written parser of
 * src/core/grammar and never imports it.
 *
 * The allowed start rules are the keys of `GrammarRules` in src/core/grammar/ast.ts.
 * Regeneration is skipped when both outputs are newer than the grammar (and than this
 * script and ast.ts, which also shape the output). `--force` regenerates regardless.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import peggy from "peggy";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const grammarDir = join(root, "src/core/grammar");
const grammarFile = join(grammarDir, "sip.peggy");
const astFile = join(grammarDir, "ast.ts");
const outDir = join(grammarDir, "generated");
const outJs = join(outDir, "sip-parser.js");
const outDts = join(outDir, "sip-parser.d.ts");
const thisFile = fileURLToPath(import.meta.url);

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

const force = process.argv.includes("--force");
const newestInput = Math.max(mtime(grammarFile), mtime(astFile), mtime(thisFile));
const oldestOutput = Math.min(mtime(outJs), mtime(outDts));
if (!force && oldestOutput > newestInput) {
  console.log(`grammar: ${relative(root, outJs)} is up to date`);
  process.exit(0);
}

/** The keys of `interface GrammarRules { ... }` in ast.ts, in order. */
function startRules() {
  const ast = readFileSync(astFile, "utf8");
  const m = /export interface GrammarRules\s*\{([\s\S]*?)\n\}/.exec(ast);
  if (!m) throw new Error("ast.ts: interface GrammarRules not found");
  const body = m[1].replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const rules = [...body.matchAll(/^\s*([A-Za-z_$][\w$]*)\??\s*:/gm)].map((r) => r[1]);
  if (rules.length === 0) throw new Error("ast.ts: GrammarRules has no keys");
  return rules;
}

const rules = startRules();
const text = readFileSync(grammarFile, "utf8");
const warnings = [];
let source;
try {
  source = peggy.generate(text, {
    output: "source",
    format: "es",
    allowedStartRules: rules,
    grammarSource: "sip.peggy",
    cache: false,
    trace: false,
    warning: (_stage, message, location) =>
      warnings.push(`${message}${location ? ` (sip.peggy:${location.start.line}:${location.start.column})` : ""}`),
  });
} catch (e) {
  const err = /** @type {any} */ (e);
  if (typeof err.format === "function") {
    console.error(err.format([{ source: "sip.peggy", text }]));
  } else {
    console.error(err);
  }
  process.exit(1);
}
for (const w of warnings) console.warn(`grammar warning: ${w}`);

/**
 * Peggy declares every constant (literals, regexps, expectation objects) and every action
 * function inside `peg$parse`, so each call would allocate them all again; for header
 * values of a few dozen characters that setup costs as much as the parse itself.  This
 * pass moves to module scope:
 * - `const peg$cN / peg$rN / peg$eN = ...;` (strings, non-global regexps, plain
 *   expectation objects, never mutated by the parser);
 * - action and predicate functions `peg$fN` whose body uses nothing of the parse
 *   closure (`input`, `options`, `text()`, `error()`, `location()` ... or any `peg$`
 *   name); the others stay where they are.
 * Actions are moved only when the grammar has no per-parse initializer `{ ... }` (whose
 * variables would live in that closure too).  When the generated code does not have the
 * expected shape (another peggy version), the source is left as peggy wrote it.
 */
function hoistConstants(code, hoistActions) {
  const lines = code.split("\n");
  const start = lines.indexOf("function peg$parse(input, options) {");
  const end = lines.findIndex((l, i) => i > start && l.startsWith("  let peg$currPos"));
  if (start === -1 || end === -1) {
    console.warn("grammar warning: unexpected peggy output, constants not hoisted");
    return code;
  }
  const closure = /\b(?:text|error|expected|location|offset|range|options|input|peg\$\w+)\b/;
  const expectation = /^(peg\$(?:literal|class|any|end|other)Expectation)\(/;
  const hoisted = [];
  const kept = [];
  for (let i = start + 1; i < end; i++) {
    const l = lines[i];
    const c = /^ {2}const (peg\$[cre]\d+) = (.*);$/.exec(l);
    if (c) {
      hoisted.push(`const ${c[1]} = ${c[2].replace(expectation, "/*#__PURE__*/ $1(")};`);
      continue;
    }
    const f = /^ {2}function peg\$f\d+\(/.exec(l);
    if (f && hoistActions) {
      let j = i;
      if (!l.endsWith("}")) while (j < end && lines[j] !== "  }") j++;
      const fn = lines.slice(i, j + 1);
      const body = fn.join("\n").replace(/^ {2}function peg\$f\d+\([^)]*\)/, "");
      if (!closure.test(body)) {
        hoisted.push(...fn.map((x) => x.replace(/^ {2}/, "")));
      } else {
        kept.push(...fn);
      }
      i = j;
      continue;
    }
    kept.push(l);
  }
  const helpers = [
    "function peg$literalExpectation(text, ignoreCase) { return { type: \"literal\", text, ignoreCase }; }",
    "function peg$classExpectation(parts, inverted, ignoreCase, unicode) { return { type: \"class\", parts, inverted, ignoreCase, unicode }; }",
    "function peg$anyExpectation() { return { type: \"any\" }; }",
    "function peg$endExpectation() { return { type: \"end\" }; }",
    "function peg$otherExpectation(description) { return { type: \"other\", description }; }",
  ];
  return [
    ...lines.slice(0, start),
    "// ---- hoisted out of peg$parse by scripts/build-grammar.mjs ----",
    ...helpers,
    ...hoisted,
    "",
    lines[start],
    ...kept,
    ...lines.slice(end),
  ].join("\n");
}
const grammarAst = peggy.parser.parse(text, { reservedWords: peggy.RESERVED_WORDS });
source = hoistConstants(source, !grammarAst.initializer);

/**
 * Peggy tests one character against a class with `peg$rN.test(ch)` (a RegExp call per
 * character). This pass replaces each such test by a lookup in a 128-entry table for
 * ASCII plus one constant answer for every other UTF-16 code unit, but only after checking
 * here, for all 65536 code units and for the empty string (end of input), that the
 * replacement answers exactly as the RegExp does; classes that do not pass keep the RegExp.
 */
function tableClassTests(code) {
  const defs = [...code.matchAll(/^const (peg\$r(\d+)) = (\/.*\/[a-z]*);$/gm)];
  const tables = [];
  let replaced = 0;
  for (const [, name, n, literal] of defs) {
    const m = /^\/(.*)\/([a-z]*)$/.exec(literal);
    const re = new RegExp(m[1], m[2]);
    if (re.global || re.sticky || re.unicode || re.unicodeSets) continue;
    let bits = "";
    for (let c = 0; c < 128; c++) bits += re.test(String.fromCharCode(c)) ? "1" : "0";
    const high = re.test("\u0080");
    let uniform = !re.test("");
    for (let c = 128; uniform && c < 0x10000; c++) if (re.test(String.fromCharCode(c)) !== high) uniform = false;
    if (!uniform) continue;
    const fn = `peg$t${n}`;
    const body = high ? `c < 128 ? peg$T${n}.charCodeAt(c) === 49 : c >= 128` : `c < 128 && peg$T${n}.charCodeAt(c) === 49`;
    tables.push(`const peg$T${n} = "${bits}";`, `function ${fn}(s) { const c = s.charCodeAt(0); return ${body}; }`);
    const before = code;
    code = code.split(`${name}.test(`).join(`${fn}(`);
    if (code !== before) replaced++;
  }
  if (tables.length === 0) return code;
  const marker = "function peg$parse(input, options) {";
  console.log(`grammar: ${replaced} character classes use lookup tables`);
  return code.replace(marker, `${tables.join("\n")}\n\n${marker}`);
}
source = tableClassTests(source);

/**
 * Peggy records, for error messages only, an "expectation" object per literal, class and
 * named rule (`peg$eN`), and a static `buildMessage` turns the list into "Expected ... but
 * ... found". rxsip's ParseError carries the offset of the fault and the offending value,
 * which is what a reader needs; the expectation list costs about 0.8 KB min+gzip in every
 * browser bundle. This pass drops it: failures still record their furthest position
 * (`peg$fail(0)`), and the message says what was found there. When the generated code does
 * not have the expected shape (another peggy version), the source is left as it is.
 */
function slimExpectations(code) {
  const build = "      peg$SyntaxError.buildMessage(expected, found),";
  const start = code.indexOf("  static buildMessage(expected, found) {\n");
  const end = start === -1 ? -1 : code.indexOf("\n  }\n", start);
  if (!code.includes(build) || start === -1 || end === -1) {
    console.warn("grammar warning: unexpected peggy output, expectations kept");
    return code;
  }
  code = code.slice(0, start) + code.slice(end + "\n  }\n".length);
  code = code.replace(build, '      found === null ? "unexpected end of input" : "unexpected " + JSON.stringify(found),');
  code = code.replace(/^const peg\$e\d+ = .*;\n/gm, "");
  code = code.replace(/peg\$fail\((?:peg\$e\d+|peg\$endExpectation\(\))\)/g, "peg$fail(0)");
  if (/peg\$e\d+\b/.test(code) || code.includes("buildMessage")) {
    throw new Error("grammar: an expectation is still referenced after slimExpectations");
  }
  return code;
}
source = slimExpectations(source);

const header = "// Generated by scripts/build-grammar.mjs from src/core/grammar/sip.peggy. Do not edit.\n";

const dts = `${header}import type { GrammarRule, GrammarRules } from "../ast.js";

export interface ParserLocation {
  offset: number;
  line: number;
  column: number;
}

export interface ParserLocationRange {
  source: unknown;
  start: ParserLocation;
  end: ParserLocation;
}

export interface ParserExpectation {
  type: "literal" | "class" | "any" | "end" | "other";
  [key: string]: unknown;
}

/** The error peggy throws for input the grammar does not accept. */
export declare class SyntaxError extends globalThis.SyntaxError {
  /** Not recorded (scripts/build-grammar.mjs drops expectations to save bytes). */
  expected: unknown[] | null;
  found: string | null;
  location: ParserLocationRange;
  format(sources: { source: unknown; text: string }[]): string;
}

export interface ParseOptions<R extends GrammarRule> {
  startRule: R;
  grammarSource?: unknown;
}

/** Start rules this parser accepts: ${rules.join(", ")}. */
export declare const StartRules: readonly GrammarRule[];

export declare function parse<R extends GrammarRule>(input: string, options: ParseOptions<R>): GrammarRules[R];
`;

mkdirSync(outDir, { recursive: true });
// write to temporary files first so a concurrent reader never sees a half-written parser
writeFileSync(outJs + ".tmp", header + source);
writeFileSync(outDts + ".tmp", dts);
renameSync(outJs + ".tmp", outJs);
renameSync(outDts + ".tmp", outDts);
console.log(`grammar: wrote ${relative(root, outJs)} (${rules.length} start rules)`);
