/**
 * What the crash campaign's writers did, and what it must find afterwards. Every operation is
 * acknowledged (the server answered success), failed (the server refused it before running it:
 * READONLY, LOADING, TRYAGAIN) or indeterminate (no answer: connection lost, timeout).
 * The checker is pure so its own tests can feed it histories with known bugs.
 */

/** How one operation ended. */
export type Outcome = 'acknowledged' | 'failed' | 'indeterminate';

/** SET of a key that no one else writes, to a value never used again. */
export interface SetOperation {
  readonly kind: 'set';
  readonly key: string;
  readonly value: string;
  readonly outcome: Outcome;
}

/** INCR of a shared counter. */
export interface IncrOperation {
  readonly kind: 'incr';
  readonly key: string;
  readonly outcome: Outcome;
}

/** An append of a unique token to an ordered list or stream (a writer's tokens in the order it sent them). */
export interface PushOperation {
  readonly kind: 'push';
  readonly key: string;
  readonly token: string;
  readonly outcome: Outcome;
}

/**
 * A write of one element of a collection that no other operation writes (HSET of a new field,
 * SADD or ZADD of a new member): afterwards the element holds `value` (the field's value, the
 * member's score, '1' for a set member) or is absent.
 */
export interface ElementOperation {
  readonly kind: 'element';
  readonly key: string;
  readonly element: string;
  readonly value: string;
  readonly outcome: Outcome;
}

export type Operation = SetOperation | IncrOperation | PushOperation | ElementOperation;

/** What the healed cluster holds, read back from the primary. */
export interface FinalState {
  /** The value of each key the history names (null: absent). */
  readonly strings: ReadonlyMap<string, string | null>;
  /** The tokens of each list or stream key, in order. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  /** The elements of each collection key the history names, with their values (absent key: empty). */
  readonly elements?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Every violation found; empty when the history and the final state agree. */
export function checkHistory(history: readonly Operation[], final: FinalState): string[] {
  const problems: string[] = [];
  checkSets(history.filter((operation): operation is SetOperation => operation.kind === 'set'), final, problems);
  checkCounters(history.filter((operation): operation is IncrOperation => operation.kind === 'incr'), final, problems);
  checkLists(history.filter((operation): operation is PushOperation => operation.kind === 'push'), final, problems);
  checkElements(history.filter((operation): operation is ElementOperation => operation.kind === 'element'), final, problems);
  return problems;
}

/** Each element is written once: acknowledged ones hold their value, present ones were written by a write that may have happened. */
function checkElements(writes: readonly ElementOperation[], final: FinalState, problems: string[]): void {
  const byKey = new Map<string, ElementOperation[]>();
  for (const operation of writes) byKey.set(operation.key, [...(byKey.get(operation.key) ?? []), operation]);
  for (const [key, operations] of byKey) {
    const held = final.elements?.get(key) ?? new Map<string, string>();
    const written = new Map(operations.map((operation) => [operation.element, operation]));
    for (const [element, value] of held) {
      const operation = written.get(element);
      if (operation === undefined || operation.outcome === 'failed') {
        problems.push(`${key}: holds element ${element}, which was never written${operation === undefined ? '' : ' (its write failed)'}`);
      } else if (operation.value !== value) {
        problems.push(`${key}: element ${element} holds ${value}, not the written ${operation.value}`);
      }
    }
    for (const operation of operations) {
      if (operation.outcome === 'acknowledged' && !held.has(operation.element)) problems.push(`${key}: acknowledged write of element ${operation.element} is missing`);
    }
  }
}

function checkSets(sets: readonly SetOperation[], final: FinalState, problems: string[]): void {
  const byKey = new Map<string, SetOperation[]>();
  for (const operation of sets) byKey.set(operation.key, [...(byKey.get(operation.key) ?? []), operation]);
  for (const [key, operations] of byKey) {
    const value = final.strings.get(key) ?? null;
    const acknowledged = operations.filter((operation) => operation.outcome === 'acknowledged');
    const possible = operations.filter((operation) => operation.outcome !== 'failed');
    if (value === null) {
      if (acknowledged.length > 0) problems.push(`${key}: acknowledged SET ${acknowledged[0]?.value} is missing`);
      continue;
    }
    if (!possible.some((operation) => operation.value === value)) problems.push(`${key}: holds ${value}, which no SET that may have happened wrote`);
    // Keys are written once each in this workload, so an acknowledged SET must be the value.
    if (acknowledged.length > 0 && !acknowledged.some((operation) => operation.value === value)) {
      problems.push(`${key}: holds ${value}, not the acknowledged ${acknowledged.map((operation) => operation.value).join(', ')}`);
    }
  }
}

function checkCounters(increments: readonly IncrOperation[], final: FinalState, problems: string[]): void {
  const byKey = new Map<string, { acknowledged: number; indeterminate: number }>();
  for (const operation of increments) {
    const counts = byKey.get(operation.key) ?? { acknowledged: 0, indeterminate: 0 };
    if (operation.outcome === 'acknowledged') counts.acknowledged++;
    if (operation.outcome === 'indeterminate') counts.indeterminate++;
    byKey.set(operation.key, counts);
  }
  for (const [key, counts] of byKey) {
    const raw = final.strings.get(key) ?? null;
    const value = raw === null ? 0 : Number(raw);
    if (!Number.isSafeInteger(value)) {
      problems.push(`${key}: holds ${raw}, not a counter`);
      continue;
    }
    if (value < counts.acknowledged) problems.push(`${key}: ${value} is below the ${counts.acknowledged} acknowledged increments`);
    if (value > counts.acknowledged + counts.indeterminate) {
      problems.push(`${key}: ${value} is more than ${counts.acknowledged} acknowledged + ${counts.indeterminate} indeterminate increments`);
    }
  }
}

function checkLists(pushes: readonly PushOperation[], final: FinalState, problems: string[]): void {
  const byKey = new Map<string, PushOperation[]>();
  for (const operation of pushes) byKey.set(operation.key, [...(byKey.get(operation.key) ?? []), operation]);
  for (const [key, operations] of byKey) {
    const tokens = final.lists.get(key) ?? [];
    const outcomeOf = new Map(operations.map((operation) => [operation.token, operation.outcome]));
    const seen = new Set<string>();
    for (const token of tokens) {
      if (seen.has(token)) problems.push(`${key}: ${token} appears twice`);
      seen.add(token);
      const outcome = outcomeOf.get(token);
      if (outcome === undefined || outcome === 'failed') problems.push(`${key}: holds ${token}, which was never pushed${outcome === 'failed' ? ' (it failed)' : ''}`);
    }
    for (const operation of operations) {
      if (operation.outcome === 'acknowledged' && !seen.has(operation.token)) problems.push(`${key}: acknowledged push ${operation.token} is missing`);
    }
    // One writer per list, pushing one at a time: the list keeps the order the pushes were made in.
    const order = new Map(operations.map((operation, index) => [operation.token, index]));
    let last = -1;
    for (const token of tokens) {
      const position = order.get(token);
      if (position === undefined) continue;
      if (position < last) problems.push(`${key}: ${token} comes after a later push`);
      last = Math.max(last, position);
    }
  }
}
