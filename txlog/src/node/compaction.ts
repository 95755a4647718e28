/**
 * Compacting the Raft log after a Trim. The state machine reports the Raft index below which
 * no entry holds a retained record (compactBelowIndex); the log can be cut there, with a snapshot
 * of the state machine as it was at the cut (a snapshot must describe exactly the entries it
 * replaces: LogStateMachine.restore insists). The live state machine is already past the cut, so
 * the state at the cut is rebuilt: the previous snapshot, plus the entries from it up to the cut,
 * which are still in the store. They are only the trimmed entries, read once per trim.
 */
import { txlogLimits } from '../core/limits.js';
import type { Snapshot } from '../core/types.js';
import type { LogStore } from '../storage/log-store.js';
import { LogStateMachine } from '../statemachine/log-state-machine.js';
import type { StateMachineLimits } from '../statemachine/validate-append.js';

/** The state machine of the store's snapshot (a fresh one when there is none); throws when the snapshot is refused. */
export function restoreFromStore(store: LogStore, limits: StateMachineLimits): LogStateMachine {
  const snapshot = store.snapshot();
  if (snapshot.meta.index === 0) return new LogStateMachine(limits);
  const restored = LogStateMachine.restore(snapshot.data, snapshot.meta.index, limits);
  if (!restored.ok) throw new Error(`the log's snapshot at index ${snapshot.meta.index} is refused: ${restored.error}`);
  return restored.machine;
}

/**
 * The snapshot to compact the store with so that entries below `compactBelowIndex` go, or null
 * when there is nothing to drop. `appliedAtMs` dates lease estimates of the rebuilt state.
 */
export function snapshotBelow(store: LogStore, compactBelowIndex: number, limits: StateMachineLimits, appliedAtMs: number): Snapshot | null {
  const cut = compactBelowIndex - 1;
  if (cut <= store.snapshot().meta.index) return null;
  if (cut > store.lastIndex()) throw new Error(`assertion: compaction at ${cut} beyond the last stored index ${store.lastIndex()}`);
  const machine = restoreFromStore(store, limits);
  while (machine.appliedIndex < cut) {
    const entries = store.entries(machine.appliedIndex + 1, cut + 1, txlogLimits.messageBytesMax);
    if (entries.length === 0) throw new Error(`assertion: the store holds no entry at ${machine.appliedIndex + 1}`);
    for (const entry of entries) machine.apply(entry, appliedAtMs);
  }
  const term = store.term(cut);
  if (term === undefined) throw new Error(`assertion: no term for stored index ${cut}`);
  return { meta: { index: cut, term, voters: store.voters }, data: machine.snapshot() };
}
