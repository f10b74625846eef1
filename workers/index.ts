// The public entry of workers/: what main/ and cli/ may import (DESIGN.md import table).
export { startEngine, type EngineHandle, type StartEngineOptions } from './engine/host';
export { workspaceLayout, type WorkspaceLayout } from './engine/layout';
export { createLogger, redact, redactString, type Logger } from './log';
