/** Masking the time-dependent integers of stream replies (XINFO, XPENDING) before comparing cairn's with Redis's. */
import type { RespValue } from './resp-client.js';

/** How one integer is masked: `idle` when it is an idle time, otherwise it may be an absolute time. */
export type IntegerMask = (value: RespValue, idle: boolean) => RespValue;

/**
 * `value` with `mask` applied to every integer: as an idle time after an `idle` key (map or flat
 * array) and as the third item of an XPENDING entry, as a possible absolute time elsewhere.
 */
export function maskStreamTimes(value: RespValue, mask: IntegerMask): RespValue {
  if (value.t === 'map') {
    return { t: 'map', v: value.v.map(([key, item]) => [key, key.t === 'bulk' && key.v === 'idle' ? mask(item, true) : maskStreamTimes(item, mask)]) };
  }
  if (value.t !== 'array' || value.v === null) return mask(value, false);
  const items = value.v;
  const pendingEntry = items.length === 4 && items[0]?.t === 'bulk' && items[1]?.t === 'bulk' && items[2]?.t === 'int' && items[3]?.t === 'int';
  return {
    t: 'array',
    v: items.map((item, index) => {
      const previous = items[index - 1];
      const isIdle = (pendingEntry && index === 2) || (previous?.t === 'bulk' && previous.v === 'idle' && index % 2 === 1);
      return isIdle ? mask(item, true) : maskStreamTimes(item, mask);
    }),
  };
}
