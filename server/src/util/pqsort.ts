/**
 * Redis's pqsort (NetBSD's qsort, Bentley & McIlroy, sorting only the partitions that hold
 * positions left..right), step for step: equal elements end up where Redis puts them. SORT with
 * LIMIT and the geo searches with COUNT use it; their replies depend on those positions.
 */

/** How two elements compare: negative, zero or positive. */
export type Order<T> = (a: T, b: T) => number;

/** Redis's partial quicksort switches to insertion sort below this many elements. */
const PQSORT_INSERTION_MAX = 7;
/** Above this many elements Redis's partial quicksort picks its pivot as a median of three medians. */
const PQSORT_NINTHER_MIN = 40;

function swap<T>(items: T[], i: number, j: number): void {
  const item = items[i] as T;
  items[i] = items[j] as T;
  items[j] = item;
}

/** Swap the runs of `length` elements at i and j. */
function swapRuns<T>(items: T[], i: number, j: number, length: number): void {
  for (let offset = 0; offset < length; offset++) swap(items, i + offset, j + offset);
}

/** pqsort's med3: the position of the median of three elements. */
function medianOfThree<T>(items: T[], a: number, b: number, c: number, compare: Order<T>): number {
  const x = items[a] as T;
  const y = items[b] as T;
  const z = items[c] as T;
  if (compare(x, y) < 0) return compare(y, z) < 0 ? b : compare(x, z) < 0 ? c : a;
  return compare(y, z) > 0 ? b : compare(x, z) < 0 ? a : c;
}

/**
 * Redis pqsort (NetBSD's qsort, Bentley & McIlroy, limited to the parts that hold positions
 * left..right): the same swaps, so the same order of equal elements. The subarrays left to
 * sort go on a stack instead of the C recursion (they are disjoint, so the order of their
 * sorting does not change the result).
 */
export function partialSort<T>(items: T[], compare: Order<T>, left: number, right: number): void {
  const pending: [number, number][] = [[0, items.length]];
  const overlaps = (start: number, length: number) => !(right < start || left >= start + length);
  // Every pass sorts a short run or places a pivot and queues at most two runs: fewer than 2n + 2 passes.
  for (let passes = 0; pending.length > 0 && passes < 2 * items.length + 2; passes++) {
    const [start, length] = pending.pop() as [number, number];
    if (length < PQSORT_INSERTION_MAX) {
      for (let m = start + 1; m < start + length; m++) {
        for (let l = m; l > start && compare(items[l - 1] as T, items[l] as T) > 0; l--) swap(items, l, l - 1);
      }
      continue;
    }
    swap(items, start, pivotOf(items, start, length, compare));
    const pivot = items[start] as T;
    let a = start + 1;
    let b = a;
    let c = start + length - 1;
    let d = c;
    for (let steps = 0; steps <= length; steps++) {
      let order = 0;
      while (b <= c && (order = compare(items[b] as T, pivot)) <= 0) {
        if (order === 0) swap(items, a++, b);
        b++;
      }
      while (b <= c && (order = compare(items[c] as T, pivot)) >= 0) {
        if (order === 0) swap(items, c, d--);
        c--;
      }
      if (b > c) break;
      swap(items, b++, c--);
    }
    const end = start + length;
    let run = Math.min(a - start, b - a);
    swapRuns(items, start, b - run, run);
    run = Math.min(d - c, end - d - 1);
    swapRuns(items, b, end - run, run);
    const below = b - a;
    const above = d - c;
    if (above > 1 && overlaps(end - above, above)) pending.push([end - above, above]);
    if (below > 1 && overlaps(start, below)) pending.push([start, below]);
  }
}

/** pqsort's pivot: the middle element, a median of three, or of three medians for long runs. */
function pivotOf<T>(items: T[], start: number, length: number, compare: Order<T>): number {
  let middle = start + Math.floor(length / 2);
  if (length > PQSORT_INSERTION_MAX) {
    let low = start;
    let high = start + length - 1;
    if (length > PQSORT_NINTHER_MIN) {
      const step = Math.floor(length / 8);
      low = medianOfThree(items, low, low + step, low + 2 * step, compare);
      middle = medianOfThree(items, middle - step, middle, middle + step, compare);
      high = medianOfThree(items, high - 2 * step, high - step, high, compare);
    }
    middle = medianOfThree(items, low, middle, high, compare);
  }
  return middle;
}

