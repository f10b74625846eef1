// The piscina task: the fatigue detector on one chunk of ads, in columns. Pure math, no database
// (DESIGN.md: heavy math runs in piscina workers that get plain arrays and never touch the DB).
// With `rows` it also turns the chunk's results into the finding lines the scan stores, so that
// work runs in parallel on the pool instead of on the engine thread between detect and write.
import { detectFatigueBatch, type FatigueBatchInput, type FatigueBatchResult, type PartialFatigueSettings } from '../../../domain/fatigue';
import { findingLines, type FindingRowsSpec } from './finding-rows';

export interface FatigueTask {
  input: FatigueBatchInput;
  accountCpm: Float64Array;
  dayCount: number;
  asOf: number;
  settings?: PartialFatigueSettings;
  /** This chunk's ads for the stored finding lines (same order as the input's ads). */
  rows?: FindingRowsSpec;
}

export interface FatigueTaskWithLines {
  result: FatigueBatchResult;
  lines: string;
}

export default function fatigueTask(task: FatigueTask): FatigueBatchResult | FatigueTaskWithLines {
  const result = detectFatigueBatch(task.input, task.accountCpm, { dayCount: task.dayCount, asOf: task.asOf, settings: task.settings });
  return task.rows ? { result, lines: findingLines(result, task.rows) } : result;
}
