export { simulate, yesterday } from './generate';
export { clearWorkspace, loadSimulation, loadSimulationInto, workspaceHasData, type LoadCounts } from './load';
export type { Simulation, SimOptions, AdTruth } from './types';
