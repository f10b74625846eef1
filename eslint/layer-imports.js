// ESLint rule adloop/layer-imports: every import, re-export, dynamic import and require() of a
// file in a layer folder is checked against DESIGN.md's import table (layer-policy.js).
import path from 'node:path';
import { checkImport, classifyTarget, layerOf } from './layer-policy.js';

/** @type {import('eslint').Rule.RuleModule} */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: "Enforce DESIGN.md's table of which folder may import whom" },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string', description: 'Project root; defaults to the working directory' } },
        additionalProperties: false,
      },
    ],
    messages: { forbidden: '{{reason}}' },
  },
  create(context) {
    const root = path.resolve(context.options[0]?.root ?? context.cwd);
    const file = context.physicalFilename ?? context.filename;
    const layer = layerOf(path.resolve(root, file), root);
    if (!layer) return {};

    function check(node) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const reason = checkImport(layer, classifyTarget(node.value, path.resolve(root, file), root));
      if (reason) context.report({ node, messageId: 'forbidden', data: { reason } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
      // TypeScript: `import x = require('…')` and `typeof import('…')`.
      TSExternalModuleReference: (node) => check(node.expression),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
    };
  },
};

export default layerImports;
