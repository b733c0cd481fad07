/**
 * rxsip with Angular: provide the user agent's options, put <rxsip-phone> on a page.
 *
 *   bootstrapApplication(PhoneComponent, {
 *     providers: [{ provide: RXSIP_USER_AGENT_OPTIONS, useValue: { uri: UserAgent.makeURI("sip:alice@example.com"), transportOptions: { server: "wss://sip.example.com" } } }],
 *   });
 */
export { PhoneService, RXSIP_USER_AGENT_OPTIONS, type RegistrationView } from "./phone.service.js";
export { PhoneComponent } from "./phone.component.js";
