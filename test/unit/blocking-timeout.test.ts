import { describe, expect, it } from 'vitest';
import { parseTimeoutMilliseconds, parseTimeoutSeconds } from '../../server/src/commands/blocking.js';
import { errors } from '../../server/src/resp/errors.js';

describe('blocking command timeouts (Redis 7.0 getTimeoutFromObjectOrReply)', () => {
  it('reads seconds as a long double and truncates to whole milliseconds; 0 waits forever', () => {
    expect(parseTimeoutSeconds('1.5')).toBe(1500);
    expect(parseTimeoutSeconds('0.0001')).toBe(0);
    expect(parseTimeoutSeconds('-0.0001')).toBe(0);
    expect(parseTimeoutSeconds('0x10')).toBe(16000);
    expect(parseTimeoutSeconds('1e-400')).toBe(0);
  });

  it('answers as Redis for negative, infinite, overflowing and unreadable timeouts', () => {
    expect(parseTimeoutSeconds('-1')).toBe(errors.timeoutNegative);
    expect(parseTimeoutSeconds('inf')).toBe(errors.timeoutNegative);
    expect(parseTimeoutSeconds('1e300')).toBe(errors.timeoutNegative);
    expect(parseTimeoutSeconds('1e400')).toBe(errors.timeoutNegative);
    expect(parseTimeoutSeconds('1e5000')).toBe(errors.timeoutNotFloat);
    expect(parseTimeoutSeconds('abc')).toBe(errors.timeoutNotFloat);
    expect(parseTimeoutSeconds(' 1')).toBe(errors.timeoutNotFloat);
  });

  it('reads milliseconds as an integer', () => {
    expect(parseTimeoutMilliseconds('250')).toBe(250);
    expect(parseTimeoutMilliseconds('-1')).toBe(errors.timeoutNegative);
    expect(parseTimeoutMilliseconds('1.5')).toBe(errors.timeoutNotInteger);
  });
});
