/** Scales from figures to pixels, with the ticks to draw on their axis. */

export interface Tick {
  readonly value: number;
  readonly position: number;
}

export interface Scale {
  readonly position: (value: number) => number;
  readonly ticks: readonly Tick[];
}

/** Ticks on one axis at most; more would crowd the labels. */
const linearTicksMax = 6;

/** A step of 1, 2 or 5 times a power of ten that splits [0, max] into at most `linearTicksMax` steps. */
export function niceStep(max: number): number {
  const rough = max / linearTicksMax;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const multiple of [1, 2, 5, 10]) {
    if (multiple * power >= rough) return multiple * power;
  }
  return 10 * power;
}

/** Rounds away the binary noise of repeated addition (0.1 + 0.2), so that tick labels print cleanly. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** [0, a nice number at or above max] onto [start, end] (start is where 0 goes: the bottom of a y axis). */
export function linearScale(max: number, start: number, end: number): Scale {
  const step = max > 0 ? niceStep(max) : 1;
  const top = max > 0 ? Math.ceil(clean(max / step)) * step : 1;
  const position = (value: number): number => start + ((end - start) * value) / top;
  const ticks: Tick[] = [];
  for (let index = 0; index * step <= top + step / 1e9; index++) {
    const value = clean(index * step);
    ticks.push({ value, position: position(value) });
  }
  return { position, ticks };
}

/** [a power of ten at or below min, a power of ten at or above max] onto [start, end], logarithmically; min must be above 0. */
export function logScale(min: number, max: number, start: number, end: number): Scale {
  if (!(min > 0) || !(max >= min)) throw new Error(`a log scale needs 0 < min <= max, got ${min} and ${max}`);
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  const position = (value: number): number => start + ((end - start) * (Math.log10(value) - low)) / (high - low);
  const multiples = high - low <= 3 ? [1, 2, 5] : [1];
  const ticks: Tick[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    for (const multiple of multiples) {
      const value = clean(multiple * 10 ** exponent);
      if (value <= 10 ** high) ticks.push({ value, position: position(value) });
    }
  }
  return { position, ticks };
}
