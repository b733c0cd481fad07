// SIP.js 0.21.2's own Web handler factory, bundled for a page as the global `SipJs`
// (`SipJs.Web.defaultSessionDescriptionHandlerFactory()`), to prove rxsip takes it unchanged.
import { rollup } from "rollup";
import resolve from "@rollup/plugin-node-resolve";

const ENTRY = "\0sipjs-web-entry";

export async function bundleSipJsWeb() {
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      { name: "entry", resolveId: (id) => (id === ENTRY ? id : null), load: (id) => (id === ENTRY ? 'export { Web } from "sip.js";' : null) },
      resolve({ browser: true }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: "iife", name: "SipJs" });
  await bundle.close();
  return output[0].code;
}
