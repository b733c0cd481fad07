/**
 * The cursor of the hand-written header-value parser, with the terminals every rule shares
 * (RFC 3261 §25.1: LWS, token, quoted-string, 1*DIGIT).
 *
 * The rules are PEG rules: greedy, ordered choice, no backtracking into a choice that
 * matched. A rule that fails puts `pos` back where it started and returns `undefined`.
 *
 * `far` is the furthest position at which a terminal failed to match: the offset a
 * {@link ParseError} reports. Failures inside a rule that stands for one thing to a reader
 * (a host, a token, a parameter ...) are not counted one by one (`quiet`); the rule as a
 * whole failing counts, at its start.
 */
import { TOKEN } from "../messages/charClasses.js";

/** A fault found after a value matched (a number too large, a date that does not exist). */
export class Fault {
  constructor(
    readonly at: number,
    readonly why: string,
  ) {}
}

const MAX_U32 = 4294967295;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** Resolves quoted-pairs (`\x` is `x`). */
function unquote(s: string): string {
  return s.indexOf("\\") === -1 ? s : s.replace(/\\([\s\S])/g, "$1");
}

/** Where the parse of one header value stands, and the furthest failure seen. */
export class Scanner {
  pos = 0;
  far = 0;
  quiet = 0;
  constructor(readonly src: string) {}

  /** Counts a failure at `at` (default: here) and returns `undefined`. */
  fail(at = this.pos): undefined {
    if (this.quiet === 0 && at > this.far) this.far = at;
    return undefined;
  }

  /** The text from `start` to here. */
  from(start: number): string {
    return this.src.slice(start, this.pos);
  }

  /** One character `code`. */
  eat(code: number): boolean {
    if (this.src.charCodeAt(this.pos) !== code) return this.fail() ?? false;
    this.pos++;
    return true;
  }

  /** The word `w`, exactly. */
  lit(w: string): boolean {
    if (!this.src.startsWith(w, this.pos)) return this.fail() ?? false;
    this.pos += w.length;
    return true;
  }

  /** A word, ASCII case-insensitive (`w` is lower case). */
  word(w: string): boolean {
    for (let i = 0; i < w.length; i++) {
      const c = this.src.charCodeAt(this.pos + i);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== w.charCodeAt(i)) return this.fail() ?? false;
    }
    this.pos += w.length;
    return true;
  }

  /**
   * Moves over a run of characters of `set` (ASCII; `high` admits every code unit from
   * U+0080) and, with `escapes`, of `%HH` escapes. Returns where the run started.
   */
  run(set: Uint8Array, escapes = false, high = false): number {
    const s = this.src;
    const start = this.pos;
    let i = start;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 128 ? set[c] === 1 : high) continue;
      if (!escapes || c !== 37) break;
      if (!isHex(s.charCodeAt(i + 1))) {
        this.fail(i + 1);
        break;
      }
      if (!isHex(s.charCodeAt(i + 2))) {
        this.fail(i + 2);
        break;
      }
      i += 2;
    }
    this.pos = i;
    this.fail();
    return start;
  }

  /** A non-empty run (see {@link run}); its text, or `undefined` with `pos` unchanged. */
  some(set: Uint8Array, escapes = false): string | undefined {
    const start = this.run(set, escapes);
    return this.pos === start ? undefined : this.from(start);
  }

  /** SWS: optional spaces and tabs (folding is undone before parsing). */
  sws(): void {
    const s = this.src;
    let i = this.pos;
    for (let c = s.charCodeAt(i); c === 32 || c === 9; c = s.charCodeAt(++i));
    this.pos = i;
  }

  /** LWS: at least one space or tab. */
  lws(): boolean {
    const at = this.pos;
    this.sws();
    return this.pos > at || (this.fail() ?? false);
  }

  /** SEMI, COMMA, EQUAL, SLASH, COLON: the character `code` with optional whitespace around it. */
  sep(code: number): boolean {
    const at = this.pos;
    if (this.src.charCodeAt(at) === code) {
      this.pos++;
      this.sws();
      return true;
    }
    this.sws();
    if (this.eat(code)) {
      this.sws();
      return true;
    }
    this.pos = at;
    return false;
  }

  /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
  token(): string | undefined {
    const s = this.src;
    const start = this.pos;
    let i = start;
    for (let c = s.charCodeAt(i); c < 128 && TOKEN[c] === 1; c = s.charCodeAt(++i));
    if (i === start) return this.fail();
    this.pos = i;
    return s.slice(start, i);
  }

  /** quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE, returned without quotes, pairs resolved. */
  quoted(): string | undefined {
    const s = this.src;
    const at = this.pos;
    if (s.charCodeAt(at) !== 34) return this.fail();
    for (let i = at + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return unquote(s.slice(at + 1, i));
      }
      if (c === 92) {
        const n = s.charCodeAt(++i);
        if (n > 127 || n === 10 || n === 13) break;
      } else if ((c < 32 && c !== 9) || c === 127) break;
    }
    return this.fail();
  }

  /** 1*DIGIT as a number, or `undefined` (a failure here) when there is no digit. */
  digits(): number | undefined {
    const s = this.src;
    const start = this.pos;
    let i = start;
    let n = 0;
    for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) n = n * 10 + c - 48;
    if (i === start) return this.fail();
    this.pos = i;
    return n;
  }

  /** 1*DIGIT as a number; more than 2^32-1 is a {@link Fault}. */
  /** Exactly `n` digits, as a number (a fault at the first one missing). */
  fixedDigits(n: number): number | undefined {
    const at = this.pos;
    for (let i = 0; i < n; i++) {
      const d = this.src.charCodeAt(this.pos);
      if (!(d >= 48 && d <= 57)) return this.fail();
      this.pos++;
    }
    return +this.from(at);
  }

  uint(): number | undefined {
    const at = this.pos;
    const n = this.digits();
    if (n !== undefined && n > MAX_U32) throw new Fault(at, "number larger than 2^32-1");
    return n;
  }
}
