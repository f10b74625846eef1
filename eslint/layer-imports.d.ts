import type { Rule } from 'eslint';

export declare const layerImports: Rule.RuleModule;
export default layerImports;
