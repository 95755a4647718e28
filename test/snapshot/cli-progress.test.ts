/** The progress report of long `cairn snapshot` operations: a throttled bar on a terminal, sparse plain lines elsewhere. */
import { describe, expect, it } from 'vitest';
import { Progress, withProgress } from '../../cli/snapshot/progress.js';

/** An output that records what is written, as a terminal or not, and a clock the test moves. */
function harness(isTTY: boolean): { output: { isTTY: boolean; text: string; write(text: string): boolean }; clock: { ms: number }; now: () => number } {
  const output = {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
  const clock = { ms: 1000 };
  return { output, clock, now: () => clock.ms };
}

describe('progress on a terminal', () => {
  it('draws a bar in place with \\r at once, redraws at most every 100 ms, and erases it when finished', () => {
    const { output, clock, now } = harness(true);
    const progress = new Progress('verify', 'keys', { output, now });
    progress.update(0, 200);
    expect(output.text).toBe(`\rverify [${'-'.repeat(30)}]   0% 0/200 keys\x1b[K`);
    clock.ms += 50;
    progress.update(50, 200);
    expect(output.text.split('\r')).toHaveLength(2);
    clock.ms += 50;
    progress.update(100, 200);
    expect(output.text.endsWith(`\rverify [${'#'.repeat(15)}${'-'.repeat(15)}]  50% 100/200 keys\x1b[K`)).toBe(true);
    expect(output.text).not.toContain('\n');
    progress.finish();
    expect(output.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('erases the bar even when the operation fails', async () => {
    const { output, now } = harness(true);
    const failing = withProgress(
      'restore',
      'keys',
      async (progress) => {
        progress.update(1, 2);
        throw new Error('bad checksum');
      },
      { output, now },
    );
    await expect(failing).rejects.toThrow('bad checksum');
    expect(output.text.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('progress elsewhere (not a terminal)', () => {
  it('prints nothing for an operation shorter than the interval', () => {
    const { output, clock, now } = harness(false);
    const progress = new Progress('export: writing', 'keys', { output, now, plainEveryMs: 3000 });
    for (let done = 0; done <= 10; done++) {
      clock.ms += 200;
      progress.update(done, 10);
    }
    progress.finish();
    expect(output.text).toBe('');
  });

  it('prints one plain line per interval at most, without \\r or escapes', () => {
    const { output, clock, now } = harness(false);
    const progress = new Progress('verify', 'keys', { output, now, plainEveryMs: 3000 });
    for (let done = 1; done <= 100; done++) {
      clock.ms += 100;
      progress.update(done, 100);
    }
    progress.finish();
    expect(output.text).toBe('verify:  30% (30/100 keys)\nverify:  60% (60/100 keys)\nverify:  90% (90/100 keys)\n');
  });
});
