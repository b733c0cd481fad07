import type { LogLevel, UserAgentOptions } from "./UserAgentOptions.js";

/**
 * SIP.js's `Logger`: what `userAgent.getLogger(category)` returns, and what SIP.js's own
 * SessionDescriptionHandler factories log through (`Web.defaultSessionDescriptionHandlerFactory`
 * calls `session.userAgent.getLogger("sip.SessionDescriptionHandler")`).
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const logger = userAgent.getLogger("my-app");
 * logger.log("ready"); // rxsip | my-app | ready (when logLevel allows it)
 * ```
 */
export interface Logger {
  /** Logs a failure that stopped something the application asked for. */
  error(content: string): void;
  /** Logs something unexpected that the stack recovered from. */
  warn(content: string): void;
  /** Logs a normal event worth knowing about (state changes, requests sent). */
  log(content: string): void;
  /** Logs detail useful only when chasing a problem (whole messages, timer starts). */
  debug(content: string): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 0, log: 1, warn: 2, error: 3 };

/**
 * A logger of one category: lines at or above `logLevel` (default "log") go to
 * `logConnector(level, category, label, content)` and, when `logBuiltinEnabled` (default
 * true), to the console as "rxsip | category | content".
 */
export function makeLogger(options: UserAgentOptions, category: string, label?: string): Logger {
  const min = LEVELS[options.logLevel ?? "log"];
  const builtin = options.logBuiltinEnabled ?? true;
  const prefix = category === "" ? "rxsip | " : `rxsip | ${category}${label !== undefined ? ` (${label})` : ""} | `;
  const emit = (level: LogLevel) => (content: string) => {
    if (LEVELS[level] < min) return;
    options.logConnector?.(level, category, label, content);
    if (builtin) console[level](prefix + content);
  };
  return { error: emit("error"), warn: emit("warn"), log: emit("log"), debug: emit("debug") };
}
