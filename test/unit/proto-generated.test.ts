/**
 * The committed generated code must be what `npm run gen:proto` produces from proto/txlog.proto:
 * regenerate into a temporary directory and compare.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../proto');

describe('generated protobuf code', () => {
  it('is up to date with proto/txlog.proto (run npm run gen:proto after changing it)', () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'cairn-proto-'));
    try {
      const buf = path.resolve(PROTO, '../node_modules/.bin/buf');
      const result = spawnSync(buf, ['generate', '--output', scratch], { cwd: PROTO, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const fresh = readFileSync(path.join(scratch, 'gen/txlog.ts'), 'utf8');
      const committed = readFileSync(path.join(PROTO, 'gen/txlog.ts'), 'utf8');
      expect(committed === fresh, 'proto/gen/txlog.ts is stale: run npm run gen:proto').toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
