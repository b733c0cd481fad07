/**
 * webrtc-adapter, loaded only where it belongs: in a browser page, by this media path, never
 * by `core` and never in Node (where importing it either does nothing useful or patches a
 * browser-like `window` of a test environment at import time). The import is dynamic so a
 * Node process never evaluates it; bundlers put it in the browser bundle.
 */

let loading: Promise<boolean> | undefined;

/** True when this looks like a browser page (a window with navigator, and no Node runtime). */
export function isBrowserPage(): boolean {
  const g = globalThis as { window?: unknown; navigator?: unknown; process?: { versions?: { node?: unknown } } };
  if (typeof g.process?.versions?.node === "string") return false;
  return typeof g.window === "object" && g.window !== null && typeof g.navigator === "object";
}

/**
 * Loads webrtc-adapter once in a browser page; resolves true when it was loaded, false when
 * it was not (Node, or the import failed: the native WebRTC API is used as it is).
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 *
 * if (!(await Web.loadWebrtcAdapter())) console.log("using the browser's WebRTC API as it is");
 * ```
 */
export function loadWebrtcAdapter(): Promise<boolean> {
  if (loading !== undefined) return loading;
  if (!isBrowserPage()) return (loading = Promise.resolve(false));
  loading = import("webrtc-adapter").then(
    (m: { default?: unknown }) => m.default !== undefined,
    () => false,
  );
  return loading;
}
