// Engine methods of the connections area. Filled in by the issue that builds it.
export const connectionsMethods = {} as const;
