/**
 * The import directions of docs/architecture.md ("Layers and the direction of imports"),
 * checked by `npm run lint:deps` (dependency-cruiser), which `npm test` runs.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const nodeOnly = "^(node:|ws$|werift|fs$|net$|tls$|dgram$|dns$|os$|child_process$|http$|https$|crypto$)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Modules form no cycle of run-time imports (module order must not matter when bundled).",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "core-is-self-contained",
      severity: "error",
      comment: "core imports nothing of ours outside core.",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "core is pure: no sockets, no DOM, no Node modules; rxjs is its only outside package.",
      from: { path: "^src/core/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-peer", "npm-optional", "core", "npm-no-pkg", "npm-unknown"], pathNot: "^node_modules/rxjs/" },
    },
    {
      name: "streams-use-core-messages-only",
      severity: "error",
      comment: "streams may use core/messages (framing, the parser) and nothing else of core; never api, media, operators.",
      from: { path: "^src/streams/" },
      to: { path: "^src/(api|media|operators|core/(?!messages/|grammar/))" },
    },
    {
      name: "operators-use-api-and-rxjs",
      severity: "error",
      comment:
        "operators use the public API (api, and the message types and errors, transport statuses it is made of) and rxjs; never the engine's machinery (transactions, dialogs, user-agent core, transports), media or testing.",
      from: { path: "^src/operators/" },
      to: { path: "^src/", pathNot: "^src/(operators|api)/|^src/core/messages/(index|errors)\\.ts$|^src/streams/TransportStatus\\.ts$" },
    },
    {
      name: "nothing-imports-testing",
      severity: "error",
      comment: "Only tests and examples import testing; nothing else in src does.",
      from: { path: "^src/", pathNot: "^src/testing/" },
      to: { path: "^src/testing/" },
    },
    {
      name: "browser-code-has-no-node-modules",
      severity: "error",
      comment: "What a browser bundle can reach never imports Node-only modules (they live in the node transports, node media and testing).",
      from: { path: "^src/(core|api|streams|operators|media)/", pathNot: "(^src/streams/transports/node/|/node/|Node[A-Z][^/]*\\.ts$)" },
      to: { path: nodeOnly },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
