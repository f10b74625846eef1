// The crash-report scrubber lives in the contract so the renderer applies the very same rules
// (renderer/src/telemetry); the main process uses it from here.
export { scrubBreadcrumb, scrubEvent, scrubString, scrubValue, type CrashEvent } from '../../contract/crash-scrub';
