// Handlers and background work of the pipeline area.
import type { pipelineMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

export function pipelineArea(_deps: AreaDeps): AreaHandlers<typeof pipelineMethods> {
  return {};
}
