// The project's own ESLint plugin. Rules live beside it as plain ES modules so ESLint loads them
// without a build step.
import { layerImports } from './layer-imports.js';

export default {
  meta: { name: 'eslint-plugin-adloop' },
  rules: { 'layer-imports': layerImports },
};
