// What every harness run prints: one line `RXSIP-E2E <json>` with the results and timings
// (ms since the start), then exit 0 (the test asserts); after `hardMs` the line says
// "hard timeout" and the run exits 2.

/** Starts the clock and the hard timeout; `finish()` prints the report and exits. */
export function startReport(hardMs) {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const timings = {};
  const results = {};
  const print = (r) => console.log(`RXSIP-E2E ${JSON.stringify({ results: r, timings })}`);
  const hard = setTimeout(() => {
    print({ ...results, fatal: `hard timeout (${hardMs / 1000} s)` });
    process.exit(2);
  }, hardMs);
  return {
    ms,
    timings,
    results,
    finish() {
      timings.total = ms();
      clearTimeout(hard);
      print(results);
      process.exit(0);
    },
  };
}

export const sleep = (t) => new Promise((r) => setTimeout(r, t));
