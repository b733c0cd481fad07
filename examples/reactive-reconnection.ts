// The seed's "Handling Changes in Network State" (examples/network-changes.ts) as one
// composed pipeline: register on connect, unregister on disconnect, reconnect when the
// server drops the connection — 3 attempts, the first at once, then 4 s apart, never
// overlapping — and when the browser comes back online. No flags, no timers: the
// operators run on the user agent's scheduler, and unsubscribing stops all of it.
import { keepRegistered, online$, Registerer, UserAgent, type RegistererState } from "rxsip";
import { NodeTransport } from "rxsip/node"; // rxsip (Node)

// setup (as in the seed's Getting Started)
const uri = UserAgent.makeURI(process.env.RXSIP_AOR ?? "sip:alice@example.com");
if (!uri) {
  throw new Error("Failed to create URI");
}
const userAgent = new UserAgent({
  uri,
  transportConstructor: NodeTransport, // rxsip (Node)
  transportOptions: { server: process.env.RXSIP_SERVER ?? "ws://127.0.0.1:8080" }, // rxsip (Node)
  logBuiltinEnabled: process.env.RXSIP_LOG === "1", // rxsip (Node)
});
const registerer = new Registerer(userAgent, {});

// the whole behaviour: one pipeline
const registration$ = userAgent.connection$.pipe(
  keepRegistered(registerer, {
    online$, // reconnect when the browser comes online (in Node: always online)
    reconnect: { count: 3, firstDelay: 0, delay: 4000 }, // 3 attempts, the first at once, then 4 s apart
  }),
);

const states: RegistererState[] = [];
const failures: Error[] = [];
const subscription = registration$.subscribe({
  next: (state) => states.push(state), // an application shows it
  error: (error: Error) => failures.push(error), // ReconnectionFailedError or RegistrationRejectedError
});

export { userAgent, registerer, registration$, subscription, states, failures }; // rxsip: for the demo and the tests
