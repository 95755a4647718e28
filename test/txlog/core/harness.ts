/**
 * A small deterministic cluster of Raft cores for scenario tests: an in-memory stable store per
 * node, a network the test controls (deliver all, drop, partition), crash and restart.
 */
import { Raft, type RaftConfig } from '../../../txlog/src/core/raft.js';
import {
  EMPTY_HARD_STATE,
  EMPTY_SNAPSHOT,
  type Entry,
  type HardState,
  type LogReader,
  type Message,
  type NodeId,
  type Ready,
  type Snapshot,
} from '../../../txlog/src/core/types.js';
import { seededRandom } from '../../support/executor.js';

/** Stable storage: what a node persisted (survives a crash). */
export class StableLog implements LogReader {
  log: Entry[] = [];
  hardState: HardState = EMPTY_HARD_STATE;
  snap: Snapshot = EMPTY_SNAPSHOT;

  constructor(private readonly voters: readonly NodeId[]) {}

  initialState() {
    return { hardState: this.hardState, voters: this.voters };
  }
  firstIndex(): number {
    return this.snap.meta.index + 1;
  }
  lastIndex(): number {
    return this.snap.meta.index + this.log.length;
  }
  term(index: number): number | undefined {
    if (index === this.snap.meta.index) return this.snap.meta.term;
    return this.log[index - this.snap.meta.index - 1]?.term;
  }
  entries(low: number, high: number, bytesMax: number): Entry[] {
    const out: Entry[] = [];
    let bytes = 0;
    for (const entry of this.log.slice(low - this.snap.meta.index - 1, high - this.snap.meta.index - 1)) {
      if (out.length > 0 && bytes + entry.data.length + 24 > bytesMax) break;
      out.push(entry);
      bytes += entry.data.length + 24;
    }
    return out;
  }
  snapshot(): Snapshot {
    return this.snap;
  }

  persist(ready: Ready): void {
    if (ready.snapshot !== null) {
      this.snap = ready.snapshot;
      this.log = [];
    }
    for (const entry of ready.entries) {
      const position = entry.index - this.snap.meta.index - 1;
      if (position < this.log.length) this.log.length = position;
      if (position !== this.log.length) throw new Error(`gap persisting ${entry.index}`);
      this.log.push(entry);
    }
    if (ready.hardState !== null) this.hardState = ready.hardState;
  }

  /** Keep a snapshot at `index` and drop the entries up to it. */
  compact(index: number, data: Uint8Array): void {
    const term = this.term(index) as number;
    this.log = this.log.slice(index - this.snap.meta.index);
    this.snap = { meta: { index, term, voters: this.voters }, data };
  }
}

export interface ClusterOptions {
  size?: number;
  seed?: number;
  electionTicks?: number;
  messageBytesMax?: number;
}

/** Applied data per node, in order. */
export class Cluster {
  readonly ids: NodeId[];
  readonly nodes = new Map<NodeId, Raft>();
  readonly stores = new Map<NodeId, StableLog>();
  readonly applied = new Map<NodeId, Entry[]>();
  /** Messages sent and not yet delivered. */
  inFlight: Message[] = [];
  /** Pairs that cannot talk: `${from}->${to}`. */
  readonly cut = new Set<string>();
  private readonly random: () => number;

  constructor(private readonly options: ClusterOptions = {}) {
    const size = options.size ?? 3;
    this.ids = Array.from({ length: size }, (_, index) => index + 1);
    this.random = seededRandom(options.seed ?? 7);
    for (const id of this.ids) {
      this.stores.set(id, new StableLog(this.ids));
      this.applied.set(id, []);
      this.start(id);
    }
  }

  start(id: NodeId): Raft {
    const store = this.stores.get(id) as StableLog;
    const applied = this.applied.get(id) as Entry[];
    const config: RaftConfig = {
      id,
      voters: this.ids,
      storage: store,
      applied: applied.at(-1)?.index ?? store.snapshot().meta.index,
      electionTicks: this.options.electionTicks ?? 10,
      heartbeatTicks: 1,
      random: this.random,
      messageBytesMax: this.options.messageBytesMax ?? 1024 * 1024,
      inflightBytesMax: 1024 * 1024,
      inflightMessagesMax: 64,
      uncommittedBytesMax: 1024 * 1024,
      entryBytesMax: 1024 * 1024,
      applyEntriesMax: 1000,
      sendBeforePersist: true,
    };
    const raft = new Raft(config);
    this.nodes.set(id, raft);
    return raft;
  }

  node(id: NodeId): Raft {
    return this.nodes.get(id) as Raft;
  }

  /** Crash: volatile state is lost; what was persisted stays. */
  crash(id: NodeId): void {
    this.nodes.delete(id);
    this.inFlight = this.inFlight.filter((message) => message.to !== id && message.from !== id);
  }

  restart(id: NodeId): Raft {
    return this.start(id);
  }

  /** Run every node's Ready cycle: persist, queue messages, apply, advance. */
  processReadies(): void {
    for (const [id, raft] of this.nodes) {
      for (let round = 0; round < 100 && raft.hasReady(); round++) {
        const ready = raft.ready();
        this.inFlight.push(...ready.messagesBeforePersist);
        (this.stores.get(id) as StableLog).persist(ready);
        this.inFlight.push(...ready.messages);
        (this.applied.get(id) as Entry[]).push(...ready.committedEntries);
        if (ready.snapshot !== null) {
          const applied = this.applied.get(id) as Entry[];
          applied.length = 0;
        }
        raft.advance(ready);
      }
    }
  }

  /**
   * Deliver messages until the network is quiet (bounded). Unless `flushCommit` is false, a quiet
   * network then gets what the driver's commit flush does: a leader sends a commit index no append
   * carried. `onDeliver` sees each message delivered.
   */
  settle(roundsMax = 1000, options: { readonly flushCommit?: boolean; readonly onDeliver?: (message: Message) => void } = {}): void {
    const { flushCommit = true, onDeliver } = options;
    for (let round = 0; round < roundsMax; round++) {
      this.processReadies();
      if (this.inFlight.length === 0) {
        const unsent = flushCommit ? [...this.nodes.values()].filter((raft) => raft.hasUnsentCommit()) : [];
        if (unsent.length === 0) return;
        for (const raft of unsent) raft.sendCommit();
        continue;
      }
      const batch = this.inFlight;
      this.inFlight = [];
      for (const message of batch) {
        if (this.cut.has(`${message.from}->${message.to}`)) continue;
        onDeliver?.(message);
        this.nodes.get(message.to)?.step(message);
      }
    }
    throw new Error('the cluster did not settle');
  }

  tick(id: NodeId, times = 1): void {
    for (let index = 0; index < times; index++) this.nodes.get(id)?.tick();
  }

  tickAll(times = 1): void {
    for (let index = 0; index < times; index++) {
      for (const raft of this.nodes.values()) raft.tick();
      this.settle();
    }
  }

  /** Cut `id` off from everyone, both ways. */
  isolate(id: NodeId): void {
    for (const other of this.ids) {
      if (other === id) continue;
      this.cut.add(`${id}->${other}`);
      this.cut.add(`${other}->${id}`);
    }
  }

  heal(): void {
    this.cut.clear();
  }

  leaders(): NodeId[] {
    return [...this.nodes.values()].filter((raft) => raft.status().role === 'leader').map((raft) => raft.id);
  }

  /** Tick until there is exactly one leader (bounded). */
  electLeader(ticksMax = 200): NodeId {
    for (let tick = 0; tick < ticksMax; tick++) {
      const leaders = this.leaders();
      const leader = leaders[0];
      if (leaders.length === 1 && leader !== undefined) return leader;
      this.tickAll();
    }
    throw new Error(`no single leader after ${ticksMax} ticks: ${this.leaders().join(',')}`);
  }

  /** Data of the non-empty entries a node applied. */
  appliedData(id: NodeId): string[] {
    return (this.applied.get(id) as Entry[]).filter((entry) => entry.data.length > 0).map((entry) => Buffer.from(entry.data).toString());
  }

  propose(id: NodeId, text: string) {
    return this.node(id).propose(new TextEncoder().encode(text));
  }
}
