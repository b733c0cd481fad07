// Type-checked by test/package/consumers.test.ts as a user's project would compile it, once per
// module mode (node16 CommonJS, node16 ESM, bundler, classic node). Every entry of the package
// is imported; a state name is used as a value and as a type, as SIP.js users write it.
import { Inviter, Registerer, RegistererState, SessionState, TransportState, UserAgent, UserAgentState, type Session } from "rxsip";
import { parseMessage } from "rxsip/core";
import { NodeTransport } from "rxsip/node";
import { InMemoryNetwork, InMemoryTransport } from "rxsip/testing";
import { Observable } from "rxjs";

const established: SessionState.Established = SessionState.Established;
const registered: RegistererState.Registered = RegistererState.Registered;
const started: UserAgentState.Started = UserAgentState.Started;
const connected: TransportState.Connected = TransportState.Connected;
// @ts-expect-error a state type admits that state only
const wrong: SessionState.Established = SessionState.Terminated;

export function check(session: Session): boolean {
  const ua = new UserAgent({ transportConstructor: InMemoryTransport, transportOptions: { network: new InMemoryNetwork(), address: "10.0.0.1:5060" } });
  const target = UserAgent.makeURI("sip:bob@example.com");
  if (target) new Inviter(ua, target);
  new Registerer(ua);
  const state$: Observable<SessionState> = session.state$;
  return (
    state$ instanceof Observable &&
    session.state === established &&
    registered.length + started.length + connected.length + wrong.length > 0 &&
    typeof parseMessage === "function" &&
    typeof NodeTransport === "function"
  );
}
