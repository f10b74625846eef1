// The piscina task: the fatigue detector on one chunk of ads, in columns. Pure math, no database
// (DESIGN.md: heavy math runs in piscina workers that get plain arrays and never touch the DB).
import { detectFatigueBatch, type FatigueBatchInput, type FatigueBatchResult, type PartialFatigueSettings } from '../../../domain/fatigue';

export interface FatigueTask {
  input: FatigueBatchInput;
  accountCpm: Float64Array;
  dayCount: number;
  asOf: number;
  settings?: PartialFatigueSettings;
}

export default function fatigueTask(task: FatigueTask): FatigueBatchResult {
  return detectFatigueBatch(task.input, task.accountCpm, { dayCount: task.dayCount, asOf: task.asOf, settings: task.settings });
}
