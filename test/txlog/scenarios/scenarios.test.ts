/**
 * Datadriven Raft scenarios: every file in testdata/ is a script of commands with the expected
 * output of each. Rewrite the expectations after a deliberate change with
 * `REWRITE=1 npx vitest run test/txlog/scenarios` and review the diff.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFile } from './datadriven.js';
import { ScenarioRunner } from './commands.js';

const directory = fileURLToPath(new URL('./testdata/', import.meta.url));
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.txt'))
  .sort();
const rewrite = process.env.REWRITE === '1';

describe('Raft scenarios (datadriven)', () => {
  it('has scenario files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file.replace(/\.txt$/, '').replaceAll('-', ' '), async () => {
      const runner = new ScenarioRunner();
      const mismatches = await runFile(`${directory}${file}`, (testCase) => runner.run(testCase), rewrite);
      const report = mismatches.map((mismatch) => `${file}:${mismatch.line} ${mismatch.command}\n--- expected\n${mismatch.expected}\n--- actual\n${mismatch.actual}`);
      expect(report.join('\n\n'), 'outputs differ (REWRITE=1 rewrites them; review the diff)').toBe('');
    });
  }
});
