import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Settings, settingSpecs } from '../../server/src/config/settings.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Rows of the configuration table: setting name -> cells. */
function settingsTable(): Map<string, string[]> {
  const start = readme.indexOf('<!-- settings-table');
  expect(start, 'README has the settings table marker').toBeGreaterThan(-1);
  const rows = new Map<string, string[]>();
  for (const line of readme.slice(start).split('\n').slice(3)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    rows.set((cells[0] as string).replace(/`/g, ''), cells);
  }
  return rows;
}

describe('README configuration reference', () => {
  it('lists every setting once, with its default and whether it can be changed', () => {
    const rows = settingsTable();
    const defaults = new Settings();
    expect([...rows.keys()].sort()).toEqual(settingSpecs.map((spec) => spec.name).sort());
    for (const spec of settingSpecs) {
      const [, defaultCell, , mutableCell] = rows.get(spec.name) as string[];
      const shown = (defaultCell as string).replace(/`/g, '');
      const expected = defaults.format(spec.name);
      const memoryForms =
        spec.kind === 'memory'
          ? [`${expected}`, `${Number(expected) / 1024 / 1024}mb`, `${Number(expected) / 1024 / 1024 / 1024}gb`]
          : [expected === '' ? '(empty)' : expected];
      expect(memoryForms, `default of ${spec.name}`).toContain(shown);
      expect(mutableCell, `mutability of ${spec.name}`).toBe(spec.mutable ? 'yes' : 'no');
    }
  });

  it('shows the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
