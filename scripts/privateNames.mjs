// A TypeScript transformer for the package build (rollup.config.js): members declared `private`
// get short property names (`_a`, `_b`, ...) in dist/. TypeScript's `private` is erased at run
// time, so an app's minifier must keep such a property's long name as it is: it cannot know that
// nothing outside reads it. Renaming them here saves about 1.4 KB min+gzip in an app's bundle of
// UserAgent, Registerer and Inviter, and 1.8 KB for everything (bench/size). They stay ordinary
// properties (not ECMAScript `#private` members), so an instance still works through a Proxy,
// as when an app keeps a UserAgent in a Vue `reactive()` or `ref()`. The source maps lead back
// to the source, where the names are whole.
//
// A member is renamed only when the compiler resolves every use of it inside its class, as a
// plain `x.name` access. A member is left as it is when any of these hold:
// - it is a parameter property (`constructor(private x)`) or has a computed or string name;
// - it is used in a way a rename could miss (destructuring, `delete`, `in`, `obj["name"]`);
// - anywhere in the program a property of the same name is read on a value the compiler cannot
//   type (`any`), which could be a way around `private` (tests do this; the package does not).
import ts from "typescript";

/** The transformer factory for `@rollup/plugin-typescript`'s `transformers` option. */
export function privateNames(program) {
  const checker = program.getTypeChecker();
  const short = shortNames(program, checker, collect(program, checker));
  return {
    before: [
      (context) => (sourceFile) => {
        if (short.size === 0) return sourceFile;
        const f = context.factory;
        const visit = (node) => {
          const own = isMember(node) ? short.get(ts.getOriginalNode(node)) : undefined;
          if (own !== undefined) return renameMember(f, node, visit, context, own);
          if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
            const renamed = short.get(declarationOf(checker, node.name));
            if (renamed !== undefined) {
              const expression = ts.visitNode(node.expression, visit);
              const name = f.createIdentifier(renamed);
              return ts.isPropertyAccessChain(node)
                ? f.updatePropertyAccessChain(node, expression, node.questionDotToken, name)
                : f.updatePropertyAccessExpression(node, expression, name);
            }
          }
          return ts.visitEachChild(node, visit, context);
        };
        return ts.visitNode(sourceFile, visit);
      },
    ],
  };
}

/** A class member that can carry a name: a field, a method or an accessor. */
function isMember(node) {
  return ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
}

function collect(program, checker) {
  const candidates = new Set();
  const names = new Set();
  const files = program.getSourceFiles().filter((s) => !s.isDeclarationFile && !s.fileName.includes("/node_modules/"));
  for (const sf of files) {
    const visit = (node) => {
      if (ts.isClassLike(node)) {
        for (const m of node.members) {
          if (!isMember(m)) continue;
          if (!m.name || !ts.isIdentifier(m.name)) continue;
          if (!(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Private)) continue;
          if (ts.isMethodDeclaration(m) && m.body === undefined) continue; // an overload signature
          candidates.add(m);
          names.add(m.name.text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const excluded = new Set();
  const excludedNames = new Set();
  for (const sf of files) {
    const visit = (node) => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && names.has(node.name.text)) {
        const decl = declarationOf(checker, node.name);
        if (decl === undefined) excludedNames.add(node.name.text);
        else if (candidates.has(decl) && (isDeleteOperand(node) || !insideClassOf(node, decl))) excluded.add(decl);
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && names.has(node.argumentExpression.text)) {
        excludedNames.add(node.argumentExpression.text);
      } else if (ts.isBindingElement(node)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key) && names.has(key.text)) excludedNames.add(key.text);
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isStringLiteralLike(node.left) && names.has(node.left.text)) {
        excludedNames.add(node.left.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const renamed = new Set();
  for (const m of candidates) if (!excluded.has(m) && !excludedNames.has(m.name.text)) renamed.add(m);
  return renamed;
}

function declarationOf(checker, name) {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decls = symbol.declarations ?? [];
  return decls.length === 0 ? undefined : decls.length === 1 ? decls[0] : decls.find((d) => d.body !== undefined) ?? decls[0];
}

function isDeleteOperand(node) {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return ts.isDeleteExpression(n.parent);
}

function insideClassOf(node, decl) {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n === decl.parent) return true;
  return false;
}

function renameMember(f, node, visit, context, short) {
  const name = f.createIdentifier(short);
  const modifiers = node.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.PrivateKeyword);
  const inner = ts.visitEachChild(node, visit, context);
  if (ts.isPropertyDeclaration(inner)) return f.updatePropertyDeclaration(inner, modifiers, name, undefined, inner.type, inner.initializer);
  if (ts.isMethodDeclaration(inner)) return f.updateMethodDeclaration(inner, modifiers, inner.asteriskToken, name, undefined, inner.typeParameters, inner.parameters, inner.type, inner.body);
  if (ts.isGetAccessorDeclaration(inner)) return f.updateGetAccessorDeclaration(inner, modifiers, name, inner.parameters, inner.type, inner.body);
  return f.updateSetAccessorDeclaration(inner, modifiers, name, inner.parameters, inner.body);
}

/**
 * Short names for the renamed members: `_a`, `_b`, ... counted per class, so that unrelated
 * classes reuse the same few names (gzip likes that). A class starts counting after all its
 * ancestors' renamed members, so no instance ever has two members of the same short name; and
 * no short name is one the program uses itself.
 */
function shortNames(program, checker, renamed) {
  const used = new Set();
  for (const sf of program.getSourceFiles()) {
    const visit = (node) => {
      if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && /^_[a-z]{1,3}$/.test(node.text)) used.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  // a getter and its setter are one property: one name, under the declaration uses resolve to
  const canonical = new Map();
  const byClass = new Map();
  for (const m of renamed) {
    const c = declarationOf(checker, m.name) ?? m;
    canonical.set(m, c);
    if (c !== m && renamed.has(c)) continue;
    const list = byClass.get(m.parent) ?? [];
    list.push(m);
    byClass.set(m.parent, list);
  }
  const offsets = new Map();
  const offsetOf = (cls) => {
    let o = offsets.get(cls);
    if (o !== undefined) return o;
    o = 0;
    const base = baseClassOf(checker, cls);
    if (base !== undefined) o = offsetOf(base) + countOf(base);
    offsets.set(cls, o);
    return o;
  };
  const counts = new Map();
  const countOf = (cls) => {
    let c = counts.get(cls);
    if (c === undefined) counts.set(cls, (c = byClass.get(cls)?.length ?? 0));
    return c;
  };
  const names = [];
  let next = 0;
  const nth = (i) => {
    while (names.length <= i) {
      const n = "_" + letters(next++);
      if (!used.has(n)) names.push(n);
    }
    return names[i];
  };
  const out = new Map();
  for (const [cls, members] of byClass) {
    const start = offsetOf(cls);
    members.forEach((m, i) => out.set(m, nth(start + i)));
  }
  for (const [m, c] of canonical) if (!out.has(m)) out.set(m, out.get(c));
  return out;
}

function baseClassOf(checker, cls) {
  const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const expr = heritage?.types[0]?.expression;
  if (expr === undefined) return undefined;
  let symbol = checker.getSymbolAtLocation(expr);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations?.find((d) => ts.isClassLike(d));
}

/** 0 → "a", 25 → "z", 26 → "aa", ... */
function letters(k) {
  let n = "";
  for (let v = k; v >= 0; v = Math.floor(v / 26) - 1) n = String.fromCharCode(97 + (v % 26)) + n;
  return n;
}
