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

/** An append of a unique token to an ordered list (a writer's tokens in the order it sent them). */
export interface PushOperation {
  readonly kind: 'push';
  readonly key: string;
  readonly token: string;
  readonly outcome: Outcome;
}

export type Operation = SetOperation | IncrOperation | PushOperation;

/** What the healed cluster holds, read back from the primary. */
export interface FinalState {
  /** The value of each key the history names (null: absent). */
  readonly strings: ReadonlyMap<string, string | null>;
  /** The tokens of each list key, in list order. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/** Every violation found; empty when the history and the final state agree. */
export function checkHistory(history: readonly Operation[], final: FinalState): string[] {
  const problems: string[] = [];
  checkSets(history.filter((operation): operation is SetOperation => operation.kind === 'set'), final, problems);
  checkCounters(history.filter((operation): operation is IncrOperation => operation.kind === 'incr'), final, problems);
  checkLists(history.filter((operation): operation is PushOperation => operation.kind === 'push'), final, problems);
  return problems;
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
