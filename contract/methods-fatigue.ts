// Engine methods of the fatigue area. Filled in by the issue that builds it.
export const fatigueMethods = {} as const;
