export type Layer = 'contract' | 'workers' | 'sync' | 'main' | 'preload' | 'renderer' | 'cli' | 'tests' | 'bench' | 'scripts';
export type PackageCategory = 'electron' | 'ui' | 'node' | 'zod' | 'sql' | 'math' | 'node-only' | 'npm';
export type Target =
  | { kind: 'package'; name: string; category: PackageCategory; query: string }
  | { kind: 'local'; folder: string | null; module: string; query: string };

export declare const LAYERS: Layer[];
export declare function packageCategory(specifier: string): PackageCategory;
export declare function packageName(specifier: string): string;
export declare function layerOf(file: string, root: string): Layer | null;
export declare function classifyTarget(specifier: string, fromFile: string, root: string): Target;
export declare function checkImport(fromLayer: Layer, target: Target): string | null;
