// The method table: every engine method, declared once.
import type { z } from 'zod';
import { approvalMethods } from './methods-approvals';
import { backupMethods } from './methods-backup';
import { budgetMethods } from './methods-budget';
import { demoMethods } from './methods-demo';
import { diagnosticsMethods } from './methods-diagnostics';
import { engineMethods } from './methods-engine';
import { connectionsMethods } from './methods-connections';
import { fatigueMethods } from './methods-fatigue';
import { jobsMethods } from './methods-jobs';
import { learningMethods } from './methods-learning';
import { pipelineMethods } from './methods-pipeline';
import { settingsMethods } from './methods-settings';
import { shellMethods } from './methods-shell';
import { syncMethods } from './methods-sync';
import { winnersMethods } from './methods-winners';
import { workspaceMethods } from './methods-workspace';

export const methods = {
  ...engineMethods,
  ...workspaceMethods,
  ...settingsMethods,
  ...demoMethods,
  ...approvalMethods,
  ...jobsMethods,
  ...learningMethods,
  ...budgetMethods,
  ...fatigueMethods,
  ...winnersMethods,
  ...syncMethods,
  ...pipelineMethods,
  ...connectionsMethods,
  ...backupMethods,
  ...diagnosticsMethods,
  ...shellMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

