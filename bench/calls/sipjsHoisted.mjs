/**
 * SIP.js 0.21.2 with one defect removed, for comparison only (never shipped, never committed
 * as code of SIP.js): its generated peggy parser (optimize: "size") builds `peg$bytecode` -
 * decoding every grammar rule's bytecode string - inside `peg$parse()`, so each of the 8-15
 * parse calls a message costs decodes the whole grammar again. This copies the installed
 * package to bench/node_modules/.sipjs-hoisted/ and moves that one array (and a module-level
 * `peg$decode` for it) out of `peg$parse()`, to module scope, so it is decoded once. Nothing
 * else changes; the patch checks that it found exactly the one block it moves.
 *
 * `hoistedSipjsUrl()` returns the file URL of the patched copy's entry (made when missing or
 * older than the installed package).
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const installed = join(here, "..", "node_modules", "sip.js");
const copy = join(here, "..", "node_modules", ".sipjs-hoisted", "sip.js");
const GRAMMAR = join("lib", "grammar", "pegjs", "dist", "grammar.js");
const MARK = "/* rxsip bench: peg$bytecode hoisted out of peg$parse() */";

export function hoistedSipjsUrl() {
  if (!existsSync(join(installed, "package.json"))) throw new Error("sip.js is not installed in bench/node_modules (run node bench/setup.mjs)");
  const target = join(copy, GRAMMAR);
  const fresh = existsSync(target) && statSync(target).mtimeMs >= statSync(join(installed, GRAMMAR)).mtimeMs && readFileSync(target, "utf8").includes(MARK);
  if (!fresh) {
    rmSync(copy, { recursive: true, force: true });
    cpSync(installed, copy, { recursive: true });
    writeFileSync(target, hoist(readFileSync(join(installed, GRAMMAR), "utf8")));
  }
  return pathToFileURL(join(copy, JSON.parse(readFileSync(join(copy, "package.json"), "utf8")).module ?? "lib/index.js")).href;
}

/** Moves `const peg$bytecode = [ ... ];` from inside peg$parse() to just before it. */
export function hoist(source) {
  const open = "\n    const peg$bytecode = [\n";
  const start = source.indexOf(open);
  if (start === -1 || source.indexOf(open, start + 1) !== -1) throw new Error("sipjsHoisted: peg$bytecode not found exactly once");
  const end = source.indexOf("\n    ];\n", start);
  const parseAt = source.indexOf("\nfunction peg$parse(input, options) {\n");
  if (end === -1 || parseAt === -1 || parseAt > start) throw new Error("sipjsHoisted: unexpected grammar layout");
  const block = source.slice(start + 1, end + "\n    ];".length);
  const withoutBlock = source.slice(0, start) + source.slice(end + "\n    ];".length);
  const hoisted = `${MARK}\nfunction peg$decodeOnce(s) {\n    return s.split("").map((ch) => ch.charCodeAt(0) - 32);\n}\n${block.replaceAll("peg$decode(", "peg$decodeOnce(")}\n`;
  const at = withoutBlock.indexOf("\nfunction peg$parse(input, options) {\n");
  return withoutBlock.slice(0, at + 1) + hoisted + withoutBlock.slice(at + 1);
}
