// Bumped with the package version; reported by engine.info and written into logs.
export const ENGINE_VERSION = '0.1.0';
