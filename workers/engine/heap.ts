// V8 heap settings of the engine thread. One allocation or scan builds tens of thousands of live
// result objects at once (10,000 recommendations with their reasons); with V8's default young
// generation they are copied by repeated scavenges before being promoted, which was a quarter of
// the allocation's time. A larger young generation (≈ 64 MB semi-spaces) lets most short-lived
// work die young. It is an upper bound V8 grows into, not memory taken up front.
import type { ResourceLimits } from 'node:worker_threads';

export const engineResourceLimits: ResourceLimits = { maxYoungGenerationSizeMb: 192 };
