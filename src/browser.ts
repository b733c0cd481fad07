/**
 * Entry of the prebuilt browser bundles (dist/browser, the package's `unpkg` / `jsdelivr`
 * files): everything in `rxsip`, with webrtc-adapter evaluated first so the page's WebRTC
 * objects are shimmed before any session uses them.
 *
 * The npm package's own entry (`rxsip`) does not import webrtc-adapter: a page built with a
 * bundler that needs the shims for older browsers adds `import "webrtc-adapter";` itself,
 * and every other page does not pay its 13 KB (min+gzip).
 */
import "webrtc-adapter";

export * from "./index.js";
