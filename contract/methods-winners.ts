// Engine methods of the winners area. Filled in by the issue that builds it.
export const winnersMethods = {} as const;
