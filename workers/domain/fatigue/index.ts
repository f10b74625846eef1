// Creative fatigue detector: pure functions, per ad (detectFatigue) and per account in columns
// (detectFatigueBatch + findingAt for the ads worth describing).
export { detectFatigue, cleanHistory, type DetectFatigueInput } from './detect';
export { detectFatigueBatch, TEST_CODE, type FatigueBatchInput, type FatigueBatchOptions, type FatigueBatchResult } from './batch';
export { findingAt } from './finding';
export { dayNumber, dayString } from './days';
export * from './types';
