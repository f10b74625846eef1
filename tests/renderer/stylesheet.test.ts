// The stylesheet is plain CSS, but Chromium understands CSS nesting: a rule left unclosed by a
// merge silently nests every later rule under it, and they stop matching (it happened once, to
// three views' styles). Rules may only nest inside at-rules (@media, @supports, @keyframes …).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function nestedRules(css: string): string[] {
  const src = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (q) => ' '.repeat(q.length));
  const stack: string[] = [];
  const found: string[] = [];
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '{') {
      const prelude = src.slice(start, i).split(';').pop()!.trim();
      const isAt = prelude.startsWith('@');
      const inRule = stack.some((s) => !s.startsWith('@'));
      if (!isAt && inRule) found.push(`line ${src.slice(0, i).split('\n').length}: "${prelude}" inside "${stack.at(-1)}"`);
      stack.push(prelude);
      start = i + 1;
    } else if (ch === '}') {
      stack.pop();
      start = i + 1;
    }
  }
  if (stack.length) found.push(`unclosed at end of file: ${stack.join(' > ')}`);
  return found;
}

describe('renderer/src/styles.css', () => {
  const css = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8');

  it('has no rule nested inside another rule and nothing left open', () => {
    expect(nestedRules(css)).toEqual([]);
  });

  it('the checker itself catches an unclosed rule', () => {
    expect(nestedRules('.a { color: red;\n.b { color: blue; }')).toHaveLength(2);
    expect(nestedRules('@media (min-width: 1px) { .a { color: red; } }')).toEqual([]);
  });
});
