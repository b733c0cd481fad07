// The "Handling Changes in Network State" example of SIP.js's API framework document, with
// only the import changed from "sip.js" to "rxsip". The document's example continues the
// Getting Started one, so the user agent and registerer are made first as there (marked
// "setup"); in Node a `window` (an EventTarget) must exist for its last statement — the
// demo and the tests install one.
import { Registerer, UserAgent } from "rxsip";
import { NodeTransport } from "rxsip/node"; // rxsip (Node)

// setup (from Getting Started)
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

// Number of times to attempt reconnection before giving up
const reconnectionAttempts = 3;
// Number of seconds to wait between reconnection attempts
const reconnectionDelay = 4;

// Used to guard against overlapping reconnection attempts
let attemptingReconnection = false;
// If false, reconnection attempts will be discontinued or otherwise prevented
let shouldBeConnected = true;

// Function which recursively attempts reconnection
const attemptReconnection = (reconnectionAttempt = 1): void => {
  // If not intentionally connected, don't reconnect.
  if (!shouldBeConnected) {
    return;
  }

  // Reconnection attempt already in progress
  if (attemptingReconnection) {
    return;
  }

  // Reconnection maximum attempts reached
  if (reconnectionAttempt > reconnectionAttempts) {
    return;
  }

  // We're attempting a reconnection
  attemptingReconnection = true;

  setTimeout(() => {
    // If not intentionally connected, don't reconnect.
    if (!shouldBeConnected) {
      attemptingReconnection = false;
      return;
    }
    // Attempt reconnect
    userAgent.reconnect()
      .then(() => {
        // Reconnect attempt succeeded
        attemptingReconnection = false;
      })
      .catch((error: Error) => {
        // Reconnect attempt failed
        attemptingReconnection = false;
        attemptReconnection(++reconnectionAttempt);
      });
  }, reconnectionAttempt === 1 ? 0 : reconnectionDelay * 1000);
};

// Handle connection with server established
userAgent.delegate.onConnect = () => {
  // On connecting, register the user agent
  registerer.register()
    .catch((e: Error) => {
      // Register failed
    });
};

// Handle connection with server lost
userAgent.delegate.onDisconnect = (error?: Error) => {
  // On disconnect, cleanup invalid registrations
  registerer.unregister()
    .catch((e: Error) => {
      // Unregister failed
    });
  // Only attempt to reconnect if network/server dropped the connection (if there is an error)
  if (error) {
    attemptReconnection();
  }
};

// Monitor network connectivity and attempt reconnection when browser goes online
window.addEventListener("online", () => {
  attemptReconnection();
});

export { userAgent, registerer, shouldBeConnected }; // rxsip: for the demo and the tests that run this example
