// Engine methods of the pipeline area. Filled in by the issue that builds it.
export const pipelineMethods = {} as const;
