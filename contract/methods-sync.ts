// Engine methods of the sync area. Filled in by the issue that builds it.
export const syncMethods = {} as const;
