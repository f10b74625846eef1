// The one contract. Every engine method is declared once (methods.ts); the engine's RPC server,
// the Electron IPC router, the preload allowlist, the HTTP/WebSocket bridge, the renderer client
// and the CLI are all built from that table.
export * from './methods';
export * from './errors';
export * from './events';
export * from './common';
export * from './methods-workspace';
export * from './methods-demo';
export * from './methods-settings';
export * from './methods-approvals';
export * from './methods-budget';
export * from './methods-jobs';
export * from './methods-learning';
export * from './methods-fatigue';
export * from './methods-winners';
export * from './methods-sync';
export * from './methods-pipeline';
export * from './methods-connections';
export * from './methods-backup';
export * from './methods-diagnostics';
export * from './methods-shell';
export * from './crash-scrub';
export * from './rpc';
export * from './transport';
export * from './channels';
export * from './dna';
export * from './money';
