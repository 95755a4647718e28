import { describe, expect, it } from 'vitest';
import { checkHistory, type FinalState, type Operation } from './history.js';

function state(strings: Record<string, string | null>, lists: Record<string, string[]> = {}): FinalState {
  return { strings: new Map(Object.entries(strings)), lists: new Map(Object.entries(lists)) };
}

describe('the crash campaign checker', () => {
  it('accepts a history whose acknowledged writes are all there and whose indeterminate ones may or may not be', () => {
    const history: Operation[] = [
      { kind: 'set', key: 's1', value: 'v1', outcome: 'acknowledged' },
      { kind: 'set', key: 's2', value: 'v2', outcome: 'indeterminate' },
      { kind: 'set', key: 's3', value: 'v3', outcome: 'failed' },
      { kind: 'incr', key: 'c', outcome: 'acknowledged' },
      { kind: 'incr', key: 'c', outcome: 'indeterminate' },
      { kind: 'push', key: 'l', token: 't1', outcome: 'acknowledged' },
      { kind: 'push', key: 'l', token: 't2', outcome: 'indeterminate' },
      { kind: 'push', key: 'l', token: 't3', outcome: 'acknowledged' },
    ];
    expect(checkHistory(history, state({ s1: 'v1', s2: null, s3: null, c: '2' }, { l: ['t1', 't2', 't3'] }))).toEqual([]);
    expect(checkHistory(history, state({ s1: 'v1', s2: 'v2', s3: null, c: '1' }, { l: ['t1', 't3'] }))).toEqual([]);
  });

  it('reports a lost acknowledged write, a value never written, and a failed write that happened', () => {
    const history: Operation[] = [
      { kind: 'set', key: 's1', value: 'v1', outcome: 'acknowledged' },
      { kind: 'set', key: 's2', value: 'v2', outcome: 'failed' },
    ];
    expect(checkHistory(history, state({ s1: null, s2: 'v2' }))).toEqual(['s1: acknowledged SET v1 is missing', 's2: holds v2, which no SET that may have happened wrote']);
  });

  it('reports counters outside acknowledged .. acknowledged + indeterminate', () => {
    const history: Operation[] = [
      { kind: 'incr', key: 'c', outcome: 'acknowledged' },
      { kind: 'incr', key: 'c', outcome: 'indeterminate' },
    ];
    expect(checkHistory(history, state({ c: '0' }))).toEqual(['c: 0 is below the 1 acknowledged increments']);
    expect(checkHistory(history, state({ c: '3' }))).toEqual(['c: 3 is more than 1 acknowledged + 1 indeterminate increments']);
  });

  it('reports a gap, a duplicate, a reordering and a phantom in a list', () => {
    const history: Operation[] = [
      { kind: 'push', key: 'l', token: 't1', outcome: 'acknowledged' },
      { kind: 'push', key: 'l', token: 't2', outcome: 'acknowledged' },
      { kind: 'push', key: 'l', token: 't3', outcome: 'acknowledged' },
    ];
    expect(checkHistory(history, state({}, { l: ['t1', 't3'] }))).toEqual(['l: acknowledged push t2 is missing']);
    expect(checkHistory(history, state({}, { l: ['t1', 't2', 't2', 't3'] }))).toEqual(['l: t2 appears twice']);
    expect(checkHistory(history, state({}, { l: ['t2', 't1', 't3'] }))).toEqual(['l: t1 comes after a later push']);
    expect(checkHistory(history, state({}, { l: ['t1', 't2', 't3', 'tx'] }))).toEqual(['l: holds tx, which was never pushed']);
  });

  it('reports a missing acknowledged element, an element never written, a failed one that happened and a wrong value', () => {
    const history: Operation[] = [
      { kind: 'element', key: 'h', element: 'f1', value: 'v1', outcome: 'acknowledged' },
      { kind: 'element', key: 'h', element: 'f2', value: 'v2', outcome: 'indeterminate' },
      { kind: 'element', key: 'h', element: 'f3', value: 'v3', outcome: 'failed' },
      { kind: 'element', key: 'z', element: 'm1', value: '7', outcome: 'acknowledged' },
    ];
    const elements = (entries: Record<string, Record<string, string>>) => new Map(Object.entries(entries).map(([key, map]) => [key, new Map(Object.entries(map))]));
    const final = (entries: Record<string, Record<string, string>>): FinalState => ({ strings: new Map(), lists: new Map(), elements: elements(entries) });
    expect(checkHistory(history, final({ h: { f1: 'v1' }, z: { m1: '7' } }))).toEqual([]);
    expect(checkHistory(history, final({ h: { f1: 'v1', f2: 'v2' }, z: { m1: '7' } }))).toEqual([]);
    expect(checkHistory(history, final({ h: { f2: 'v2' }, z: { m1: '7' } }))).toEqual(['h: acknowledged write of element f1 is missing']);
    expect(checkHistory(history, final({ h: { f1: 'v1', f3: 'v3', f4: 'x' }, z: { m1: '8' } }))).toEqual([
      'h: holds element f3, which was never written (its write failed)',
      'h: holds element f4, which was never written',
      'z: element m1 holds 8, not the written 7',
    ]);
  });
});
