import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, Logger, LogLevel, ReflectionKind, TSConfigReader, TypeDocReader, type DeclarationReflection, type ProjectReflection, type Reflection } from "typedoc";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The API reference (`npm run docs`, typedoc.json) from one in-process typedoc run:
 *
 * - it builds without a warning: every public declaration is documented
 *   (`validation.notDocumented`), every type it refers to is exported, every {@link} resolves;
 * - every class, function and variable exported by an entry point (rxsip, rxsip/core,
 *   rxsip/node, rxsip/testing) shows an `@example`;
 * - every ```ts example block compiles against the entry points (tsconfig.json's paths), so
 *   an example cannot drift from the API it shows.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Records what typedoc would print, instead of printing it. */
class RecordingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level === LogLevel.Warn || level === LogLevel.Error) this.messages.push(`${LogLevel[level]}: ${message}`);
  }
}

let project: ProjectReflection | undefined;
let logger: RecordingLogger;

beforeAll(async () => {
  const cwd = process.cwd();
  process.chdir(root); // typedoc.json's paths are relative to the checkout
  try {
    const app = await Application.bootstrapWithPlugins({}, [new TypeDocReader(), new TSConfigReader()]);
    logger = new RecordingLogger();
    app.logger = logger;
    project = await app.convert();
    if (project) app.validate(project);
  } finally {
    process.chdir(cwd);
  }
}, 180_000);

/** The classes, functions and variables the entry points export (namespaces such as `Web` included). */
function exportedDeclarations(p: ProjectReflection): DeclarationReflection[] {
  const out: DeclarationReflection[] = [];
  const walk = (r: { children?: DeclarationReflection[] }): void => {
    for (const c of r.children ?? []) {
      if (c.kindOf(ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Variable)) out.push(c);
      else if (c.kindOf(ReflectionKind.Namespace)) walk(c);
    }
  };
  for (const module of p.children ?? []) walk(module);
  return out;
}

function hasExample(r: DeclarationReflection): boolean {
  return [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].some((c) => c?.getTag("@example") !== undefined);
}

/** The ```ts blocks of every @example in the project, with the name of the item they document. */
function exampleBlocks(p: ProjectReflection): Array<{ owner: string; code: string }> {
  const blocks: Array<{ owner: string; code: string }> = [];
  const seen = new Set<string>();
  for (const r of Object.values(p.reflections) as Reflection[]) {
    const comments = [r.comment, ...((r as DeclarationReflection).signatures ?? []).map((s) => s.comment)];
    for (const comment of comments) {
      for (const tag of comment?.blockTags ?? []) {
        if (tag.tag !== "@example") continue;
        for (const part of tag.content) {
          const m = part.kind === "code" ? /^```(?:ts|typescript)\n([\s\S]*?)```$/.exec(part.text) : null;
          if (!m || seen.has(m[1]!)) continue;
          seen.add(m[1]!);
          blocks.push({ owner: r.getFriendlyFullName(), code: m[1]! });
        }
      }
    }
  }
  return blocks;
}

describe("API reference (typedoc)", () => {
  it("builds with no warning: every export documented, every link resolved", () => {
    expect(project).toBeDefined();
    expect(logger.messages).toEqual([]);
  });

  it("shows an @example for every exported class, function and variable", () => {
    const all = exportedDeclarations(project!);
    expect(all.length).toBeGreaterThan(150);
    const missing = all.filter((r) => !hasExample(r)).map((r) => r.getFriendlyFullName());
    expect(missing).toEqual([]);
  });

  it("compiles every ```ts example against the entry points", { timeout: 120_000 }, () => {
    const blocks = exampleBlocks(project!);
    expect(blocks.length).toBeGreaterThan(200);
    const dir = join(root, "test-artifacts", "doc-examples");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((b, i) => {
      const file = join(dir, `example${String(i).padStart(3, "0")}.ts`);
      // each example is a module of its own: its names do not clash with another example's
      writeFileSync(file, `// ${b.owner}\n${b.code}\nexport {};\n`);
      return { file, owner: b.owner };
    });
    const configFile = ts.readConfigFile(join(root, "tsconfig.json"), (f) => ts.sys.readFile(f));
    const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
    const program = ts.createProgram(
      files.map((f) => f.file),
      { ...options, noEmit: true, noUnusedLocals: false },
    );
    const problems: string[] = [];
    for (const { file, owner } of files) {
      const sf = program.getSourceFile(file)!;
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const { line } = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : { line: 0 };
        problems.push(`${owner} (${relative(root, file)}:${line + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
