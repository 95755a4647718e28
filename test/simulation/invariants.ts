/**
 * The invariants of a run, checked at every step where something changes (the nodes and the
 * actors report to the checker as they go, so a violation stops the run at the event that
 * caused it):
 *   - at most one leader per term;
 *   - log matching: the same (index, term) on any two nodes holds the same data and follows
 *     the same term at index - 1 (so, by induction, the same prefix);
 *   - a committed entry never changes: every index any node ever learned committed is kept with
 *     its term and data; no node applies anything else there, and no node that holds it
 *     overwrites or drops it (a stale leader may still write other entries there in its own log,
 *     which is fine as long as they never commit);
 *   - committed entries are durable on a majority: when an index is first known committed, and
 *     again at every crash, it is on the synced log (or under the snapshot) of a majority;
 *   - commit indexes never go back on a live node;
 *   - leader completeness: a new leader holds every entry committed before its term (known
 *     committed by some node while that node's term was lower than the leader's);
 *   - the accepted chain never forks: every node gives the same id to the same record, state
 *     machines agree (digests) at equal applied indexes (sampled), and only records some actor
 *     sent appear;
 *   - an append acknowledged as committed is in the chain at the ids it was acknowledged with,
 *     and an append reported rejected never appears in it;
 *   - at most one valid lease holder at any instant (global time).
 */
import { LogCommand } from '../../proto/gen/txlog.js';
import { type Entry, type NodeId, type Snapshot, type SoftState } from '../../txlog/src/core/types.js';
import type { ApplyOutcome } from '../../txlog/src/statemachine/outcome.js';
import type { PersistUnit } from '../../txlog/src/storage/log-store.js';
import type { MemoryLogStore } from '../../txlog/src/storage/memory-log-store.js';
import { recordKey } from './format.js';
import type { NodeObserver, SimNode } from './sim-node.js';

/** A broken invariant: the run fails with it. */
/** State machines are compared at applied indexes that are multiples of this (a digest encodes the whole state), and after every snapshot install, start-up and at the end. */
const digestEveryIndexes = 8;

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/** What a node durably holds at a crash: its synced store, and the write a crash may have lost. */
export interface DurableView {
  readonly id: NodeId;
  readonly store: MemoryLogStore;
  /** The unsynced write (not durable), if any. */
  readonly pending: { readonly unit: PersistUnit | null; readonly compaction: Snapshot | null } | null;
}

interface EntrySeen {
  readonly data: Uint8Array;
  /** Term of the entry before it on the node that first reported it (undefined: below a snapshot). */
  readonly previousTerm: number | undefined;
}

/** A validity interval of one lease keeper, in global ms: [from, until). */
interface LeaseInterval {
  readonly holder: string;
  readonly from: number;
  readonly until: number;
  readonly basis: number;
}

export class Checker implements NodeObserver {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** index -> term -> what was first persisted there. */
  private readonly entriesSeen = new Map<number, Map<number, EntrySeen>>();
  /** index -> the committed entry, and the term of the node that first knew it committed (at least the term it was committed in). */
  private readonly committed = new Map<number, { readonly term: number; readonly data: Uint8Array; readonly knownAtTerm: number }>();
  private committedMaxIndex = 0;
  /** Per node: incarnation and the commit index last seen (monotonic within an incarnation). */
  private readonly commitSeen = new Map<NodeId, { incarnation: number; commit: number }>();
  /** Nodes that became leader in the turn now running, with their term. */
  private readonly newLeaders = new Map<SimNode, number>();
  /** Record id -> payload text, as first applied, and back. */
  private readonly chain = new Map<number, string>();
  private readonly chainIdOf = new Map<string, number>();
  private chainMaxId = 0;
  /** Applied raft index -> state machine digest; and per node incarnation, the index last compared. */
  private readonly digests = new Map<number, string>();
  private readonly digestedAt = new WeakMap<SimNode, number>();
  /** Payloads actors sent, and those reported rejected to them. */
  private readonly sent = new Set<string>();
  private readonly rejected = new Set<string>();
  private readonly acknowledged = new Map<number, string>();
  private readonly leaseIntervals: LeaseInterval[] = [];
  private readonly payloadCache = new WeakMap<Uint8Array, readonly string[]>();
  /** Counters for the summary. */
  readonly counts = { leaders: 0, committedEntries: 0, acknowledgedRecords: 0, rejectedRecords: 0, staleAnswers: 0, leaseGrants: 0, digestsCompared: 0 };

  constructor(
    private readonly nodeCount: number,
    /** Every node's durable view now (down nodes by the store they restart from). */
    private readonly durableViews: () => readonly DurableView[],
  ) {}

  /** The highest record id any node accepted. */
  get lastChainId(): number {
    return this.chainMaxId;
  }

  /** The highest index known committed. */
  get committedMax(): number {
    return this.committedMaxIndex;
  }

  // ---- node observations ---------------------------------------------------------------------

  roleChanged(node: SimNode, soft: SoftState, term: number): void {
    if (soft.role !== 'leader') return;
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== node.id) violation(`two leaders in term ${term}: n${other} and n${node.id}`);
    this.leaderOfTerm.set(term, node.id);
    this.newLeaders.set(node, term);
    this.counts.leaders++;
  }

  willPersist(node: SimNode, unit: PersistUnit): void {
    const first = unit.entries[0];
    if (first === undefined || unit.snapshot !== null) return;
    // The write replaces the node's log from `first` on: it must keep every committed entry the node holds there.
    const store = node.store;
    const lastNew = first.index + unit.entries.length - 1;
    for (let index = first.index; index <= store.lastIndex(); index++) {
      const committed = this.committed.get(index);
      if (committed === undefined || store.term(index) !== committed.term) continue;
      const replacement = index <= lastNew ? (unit.entries[index - first.index] as Entry) : undefined;
      if (replacement === undefined) violation(`n${node.id} drops the committed entry ${committed.term}/${index} it holds`);
      if (replacement.term !== committed.term || !sameBytes(replacement.data, committed.data)) {
        violation(`n${node.id} overwrites the committed entry ${committed.term}/${index} it holds with ${replacement.term}/${index}`);
      }
    }
  }

  persisted(node: SimNode, unit: PersistUnit): void {
    const store = node.store;
    for (const entry of unit.entries) this.checkMatching(node, entry, store.term(entry.index - 1));
    if (unit.snapshot !== null) this.checkSnapshotMeta(node, unit.snapshot);
  }

  compacted(node: SimNode, snapshot: Snapshot): void {
    this.checkSnapshotMeta(node, snapshot);
  }

  snapshotInstalled(node: SimNode): void {
    this.compareDigest(node);
  }

  applied(node: SimNode, entry: Entry, outcome: ApplyOutcome): void {
    this.registerCommitted(node, entry);
    if (outcome.kind === 'append' && outcome.result.kind === 'committed') this.registerRecords(node, entry, outcome.result.firstId, outcome.result.lastId);
    if (entry.index % digestEveryIndexes === 0) this.compareDigest(node);
  }

  opened(node: SimNode): void {
    this.compareDigest(node);
  }

  turnEnded(node: SimNode): void {
    const raft = node.raft;
    if (raft === null) throw new Error('assertion: a turn without a core');
    const commit = raft.status().commit;
    const seen = this.commitSeen.get(node.id);
    const from = seen !== undefined && seen.incarnation === node.incarnation ? seen.commit : 0;
    if (commit < from) violation(`n${node.id}'s commit index went back from ${from} to ${commit}`);
    this.commitSeen.set(node.id, { incarnation: node.incarnation, commit });
    this.registerCommittedFromStore(node, from, commit);
    const leaderTerm = this.newLeaders.get(node);
    if (leaderTerm !== undefined) {
      this.newLeaders.delete(node);
      this.checkLeaderCompleteness(node, leaderTerm);
    }
  }

  // ---- durability -------------------------------------------------------------------------------

  /** After a crash: every committed index is still durable on a majority. */
  checkMajorityDurable(): void {
    const views = this.durableViews();
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const view of views) lowest = Math.min(lowest, view.store.snapshot().meta.index + 1);
    for (let index = Math.max(1, lowest); index <= this.committedMaxIndex; index++) {
      const committed = this.committed.get(index);
      if (committed !== undefined) this.checkDurable(views, index, committed.term);
    }
  }

  private checkDurable(views: readonly DurableView[], index: number, term: number): void {
    const needed = Math.floor(this.nodeCount / 2) + 1;
    let holders = 0;
    for (const view of views) if (holdsDurably(view, index, term)) holders++;
    if (holders < needed) violation(`committed entry ${term}/${index} is durable on ${holders} nodes only (a majority is ${needed})`);
  }

  // ---- actor observations ----------------------------------------------------------------------

  /** An actor sent a record with this payload (payloads are unique per send). */
  recordSent(payload: string): void {
    this.sent.add(payload);
  }

  /** An append was settled committed at firstId.. for these payloads, in order. */
  appendAcknowledged(who: string, firstId: number, payloads: readonly string[]): void {
    payloads.forEach((payload, offset) => {
      const id = firstId + offset;
      const inChain = this.chain.get(id);
      if (inChain === undefined) violation(`${who} was told record ${id} ("${payload}") committed, but no node applied id ${id}`);
      if (inChain !== payload) violation(`${who} was told record ${id} is "${payload}", but the chain holds "${inChain}" there`);
      this.acknowledged.set(id, payload);
      this.counts.acknowledgedRecords++;
    });
  }

  /** An append was settled rejected (fenced): its records must never be in the chain (lease records repeat, so only data records are looked up). */
  appendRejected(who: string, payloads: readonly string[]): void {
    for (const payload of payloads) {
      if (isLeaseKey(payload)) continue;
      const id = this.chainIdOf.get(payload);
      if (id !== undefined) violation(`${who} was told "${payload}" was rejected, but the chain holds it at id ${id}`);
      this.rejected.add(payload);
      this.counts.rejectedRecords++;
    }
  }

  /** A node answered an actor's append "stale": whether it was applied could no longer be told. */
  appendStale(): void {
    this.counts.staleAnswers++;
  }

  /** A lease keeper became valid from `from` until `until` (global ms), resting on record `basis`. */
  leaseValid(holder: string, from: number, until: number, basis: number): void {
    if (!(until > from)) return;
    for (const other of this.leaseIntervals) {
      if (other.holder === holder) continue;
      if (from < other.until && other.from < until) {
        violation(
          `two valid lease holders at once: ${holder} [${from.toFixed(1)}, ${until.toFixed(1)}) on record ${basis} and ${other.holder} [${other.from.toFixed(1)}, ${other.until.toFixed(1)}) on record ${other.basis}`,
        );
      }
    }
    this.leaseIntervals.push({ holder, from, until, basis });
    this.counts.leaseGrants++;
  }

  /** At the end: every node's chain reaches every acknowledged id. */
  checkAcknowledgedReached(node: SimNode): void {
    let maxAcknowledged = 0;
    for (const id of this.acknowledged.keys()) maxAcknowledged = Math.max(maxAcknowledged, id);
    if (node.machine.lastAcceptedId < maxAcknowledged) {
      violation(`n${node.id}'s chain ends at id ${node.machine.lastAcceptedId}, before the acknowledged id ${maxAcknowledged}`);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private checkMatching(node: SimNode, entry: Entry, previousTerm: number | undefined): void {
    let byTerm = this.entriesSeen.get(entry.index);
    if (byTerm === undefined) {
      byTerm = new Map();
      this.entriesSeen.set(entry.index, byTerm);
    }
    const seen = byTerm.get(entry.term);
    if (seen === undefined) {
      byTerm.set(entry.term, { data: entry.data, previousTerm });
      return;
    }
    if (!sameBytes(seen.data, entry.data)) violation(`log matching: n${node.id} holds different data at ${entry.term}/${entry.index} than another node`);
    if (seen.previousTerm !== undefined && previousTerm !== undefined && seen.previousTerm !== previousTerm) {
      violation(`log matching: n${node.id} has term ${previousTerm} before ${entry.term}/${entry.index}, another node term ${seen.previousTerm}`);
    }
  }

  private checkSnapshotMeta(node: SimNode, snapshot: Snapshot): void {
    const committed = this.committed.get(snapshot.meta.index);
    if (committed !== undefined && committed.term !== snapshot.meta.term) {
      violation(`n${node.id} holds a snapshot at ${snapshot.meta.term}/${snapshot.meta.index}, but the committed entry there has term ${committed.term}`);
    }
  }

  private registerCommitted(node: SimNode, entry: Entry): void {
    const committed = this.committed.get(entry.index);
    if (committed === undefined) {
      // The first time anyone knows it committed: a majority must hold it durably already.
      this.checkDurable(this.durableViews(), entry.index, entry.term);
      const knownAtTerm = node.raft?.status().term ?? node.store.initialState().hardState.term;
      this.committed.set(entry.index, { term: entry.term, data: entry.data, knownAtTerm });
      this.committedMaxIndex = Math.max(this.committedMaxIndex, entry.index);
      this.counts.committedEntries++;
      return;
    }
    if (committed.term !== entry.term || !sameBytes(committed.data, entry.data)) {
      violation(`n${node.id} committed ${entry.term}/${entry.index}, but ${committed.term}/${entry.index} was committed there before`);
    }
  }

  private registerCommittedFromStore(node: SimNode, from: number, commit: number): void {
    const store = node.store;
    const low = Math.max(from + 1, store.firstIndex());
    if (low > commit) return;
    if (commit > store.lastIndex()) violation(`n${node.id} commits ${commit} beyond its durable log (last ${store.lastIndex()}) after a turn`);
    for (const entry of store.entries(low, commit + 1, Number.MAX_SAFE_INTEGER)) this.registerCommitted(node, entry);
  }

  /** The leader of `leaderTerm` holds every entry committed in an earlier term (its turn may end after later leaders committed more: those are not its business). */
  private checkLeaderCompleteness(node: SimNode, leaderTerm: number): void {
    const store = node.store;
    const snapshotIndex = store.snapshot().meta.index;
    for (let index = snapshotIndex + 1; index <= this.committedMaxIndex; index++) {
      const committed = this.committed.get(index);
      if (committed === undefined || committed.knownAtTerm >= leaderTerm) continue;
      const term = store.term(index);
      if (term !== committed.term) {
        violation(`leader completeness: n${node.id} leads without the committed entry ${committed.term}/${index} (it has ${term === undefined ? 'nothing' : `term ${term}`} there)`);
      }
    }
  }

  private registerRecords(node: SimNode, entry: Entry, firstId: number, lastId: number): void {
    const payloads = this.payloadsOf(entry);
    if (payloads.length !== lastId - firstId + 1) violation(`n${node.id} accepted ids ${firstId}..${lastId} from an entry of ${payloads.length} records`);
    payloads.forEach((payload, offset) => {
      const id = firstId + offset;
      const inChain = this.chain.get(id);
      if (inChain === undefined) {
        if (!this.sent.has(payload)) violation(`n${node.id} accepted record ${id} ("${payload}") that no actor sent`);
        if (!isLeaseKey(payload)) this.chainIdOf.set(payload, id);
        if (this.rejected.has(payload)) violation(`n${node.id} accepted record ${id} ("${payload}") that its writer was told was rejected`);
        this.chain.set(id, payload);
        this.chainMaxId = Math.max(this.chainMaxId, id);
      } else if (inChain !== payload) {
        violation(`the chain forks at id ${id}: n${node.id} accepted "${payload}", another node "${inChain}"`);
      }
    });
  }

  /** Compare the node's digest with others' at its applied index, once per index it reaches. */
  compareDigest(node: SimNode): void {
    const index = node.machine.appliedIndex;
    if (this.digestedAt.get(node) === index) return;
    this.digestedAt.set(node, index);
    this.checkDigest(node, index, node.machine.digest());
  }

  private checkDigest(node: SimNode, index: number, digest: string): void {
    const known = this.digests.get(index);
    if (known === undefined) {
      this.digests.set(index, digest);
      return;
    }
    this.counts.digestsCompared++;
    if (known !== digest) violation(`state machines differ at applied index ${index}: n${node.id} has digest ${digest}, another node ${known}`);
  }

  private payloadsOf(entry: Entry): readonly string[] {
    const cached = this.payloadCache.get(entry.data);
    if (cached !== undefined) return cached;
    const command = LogCommand.decode(entry.data).command;
    const payloads = command?.$case === 'append' ? command.value.records.map(recordKey) : [];
    this.payloadCache.set(entry.data, payloads);
    return payloads;
  }
}

/** Whether `view` durably holds the entry (index, term), in its log or under its snapshot. */
function holdsDurably(view: DurableView, index: number, term: number): boolean {
  const pending = view.pending;
  if (pending?.unit?.snapshot != null && index <= pending.unit.snapshot.meta.index) return false;
  const firstPending = pending?.unit?.entries[0];
  if (firstPending !== undefined && firstPending.index <= index) return false;
  const store = view.store;
  if (index <= store.snapshot().meta.index) return true;
  return store.term(index) === term;
}

/** Lease claims and renewals (keys that may repeat), as opposed to unique data records. */
function isLeaseKey(key: string): boolean {
  return key.startsWith('claim:') || key.startsWith('renewal:');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function violation(message: string): never {
  throw new InvariantViolation(message);
}
