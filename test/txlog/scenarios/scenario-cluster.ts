/**
 * The cluster the datadriven scenarios drive by hand: real Raft cores over the stores' real
 * in-memory log (InMemoryLog, with its write checks), a message queue the commands deliver,
 * directed cuts, crashes and restarts. Elections are not randomized (the injected random is 0,
 * so a node's election timeout is exactly electionTicks), which keeps outputs stable.
 *
 * Each node's "state machine" is the list of data it applied; a snapshot's data is that list.
 * Formats used in outputs: an entry is `term/index "data"`, a message's log position
 * `log=term/index`.
 */
import { Raft } from '../../../txlog/src/core/raft.js';
import { EMPTY_HARD_STATE, EMPTY_SNAPSHOT, type Message, type NodeId, type Ready, type Snapshot } from '../../../txlog/src/core/types.js';
import { InMemoryLog } from '../../../txlog/src/storage/in-memory-log.js';
import { formatEntry, formatMessage } from '../../simulation/format.js';

/** Rounds of Ready handling per node per command, and delivery rounds of `stabilize`. */
const roundsMax = 1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An applied entry's data, with its index (so a snapshot can cut the list at an index). */
interface AppliedData {
  readonly index: number;
  readonly text: string;
}

/** One node: its durable log survives crashes; its core and applied list do not (the list is rebuilt). */
class ScenarioNode {
  raft: Raft | null = null;
  applied: AppliedData[] = [];

  constructor(
    readonly id: NodeId,
    readonly store: InMemoryLog,
  ) {}
}

/** Options of `add-nodes`. */
export interface ClusterOptions {
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly messageBytesMax: number;
}

export class ScenarioCluster {
  private readonly nodes = new Map<NodeId, ScenarioNode>();
  private readonly ids: NodeId[] = [];
  /** Messages sent and not yet delivered, in send order. */
  private pending: Message[] = [];
  /** Directed links that are down: `${from}>${to}`. */
  private readonly cuts = new Set<string>();
  /** What happened during the current command (role changes), printed before its own output. */
  private events: string[] = [];

  constructor(
    count: number,
    private readonly options: ClusterOptions,
  ) {
    for (let id = 1; id <= count; id++) this.ids.push(id);
    for (const id of this.ids) {
      const node = new ScenarioNode(id, new InMemoryLog({ snapshot: EMPTY_SNAPSHOT, hardState: EMPTY_HARD_STATE, entries: [] }, this.ids));
      this.nodes.set(id, node);
      this.start(node);
    }
  }

  /** The node `id`, or an error naming it. */
  node(id: NodeId): ScenarioNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** The running core of `id`, or an error if it is down. */
  raft(id: NodeId): Raft {
    const raft = this.node(id).raft;
    if (raft === null) throw new Error(`node ${id} is down`);
    return raft;
  }

  /** Collect the role changes printed since the last call. */
  takeEvents(): string[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Handle every live node's Ready: persist, queue messages, apply, advance. */
  processReadies(): void {
    for (const id of this.ids) {
      const node = this.node(id);
      for (let round = 0; node.raft !== null && node.raft.hasReady(); round++) {
        if (round >= roundsMax) throw new Error(`node ${id} still has work after ${roundsMax} Ready rounds`);
        this.handleReady(node, node.raft, node.raft.ready());
      }
    }
  }

  private handleReady(node: ScenarioNode, raft: Raft, ready: Ready): void {
    // As TxlogNode: the leader's appends go out before its persist, which happens only when the
    // Ready must be synced, with the full hard state (a commit-only change waits for the next one).
    this.pending.push(...ready.messagesBeforePersist);
    if (ready.mustSync) {
      const { term, vote, commit } = raft.status();
      node.store.applyPersist({ snapshot: ready.snapshot, entries: ready.entries, hardState: ready.hardState ?? { term, vote, commit } });
    }
    if (ready.softState !== null) {
      const { role, leader } = ready.softState;
      this.events.push(`${node.id} is ${role} at term ${raft.status().term}${leader !== 0 && role !== 'leader' ? ` (leader ${leader})` : ''}`);
    }
    if (ready.snapshot !== null) node.applied = decodeApplied(ready.snapshot);
    this.pending.push(...ready.messages);
    for (const entry of ready.committedEntries) {
      if (entry.data.length > 0) node.applied.push({ index: entry.index, text: decoder.decode(entry.data) });
    }
    raft.advance(ready);
  }

  /**
   * Deliver the pending messages addressed to `to` (all if empty) that were pending when called;
   * messages to a node in `drop` are dropped. Returns one line per message.
   */
  deliver(to: readonly NodeId[], drop: readonly NodeId[], quiet = false): string[] {
    this.processReadies();
    const lines: string[] = [];
    const batch = this.pending.filter((message) => to.length === 0 || to.includes(message.to));
    this.pending = this.pending.filter((message) => !batch.includes(message));
    for (const message of batch) {
      const text = formatMessage(message);
      const target = this.nodes.get(message.to)?.raft ?? null;
      if (drop.includes(message.to)) lines.push(`${text} (dropped)`);
      else if (this.cuts.has(`${message.from}>${message.to}`)) lines.push(`${text} (cut)`);
      else if (target === null) lines.push(`${text} (node down)`);
      else {
        lines.push(text);
        target.step(message);
        if (message.type === 'snapshot') this.raft(message.from).reportSnapshot(message.to, true);
      }
    }
    this.processReadies();
    return [...(quiet ? summarize(lines) : lines), ...this.takeEvents()];
  }

  /** Deliver until no message is pending (bounded); `quiet` counts messages instead of listing them. */
  stabilize(quiet = false): string[] {
    const lines: string[] = [];
    for (let round = 0; round < roundsMax; round++) {
      this.processReadies();
      if (this.pending.length === 0) {
        // The driver's commit flush: once nothing else goes out, a leader sends a commit index no append carried.
        const leaders = [...this.nodes.values()].filter((node) => node.raft?.hasUnsentCommit() === true);
        if (leaders.length === 0) return lines;
        for (const node of leaders) {
          if (!quiet) lines.push(`${node.id} flushes commit`);
          node.raft?.sendCommit();
        }
        continue;
      }
      lines.push(...this.deliver([], [], quiet));
    }
    throw new Error(`messages still pending after ${roundsMax} rounds`);
  }

  /** Messages waiting for delivery, formatted. */
  pendingMessages(): string[] {
    this.processReadies();
    return this.pending.map((message) => formatMessage(message));
  }

  /** Tick node `id` `count` times. */
  tick(id: NodeId, count: number): void {
    const raft = this.raft(id);
    for (let tick = 0; tick < count; tick++) raft.tick();
    this.processReadies();
  }

  get electionTicks(): number {
    return this.options.electionTicks;
  }

  get heartbeatTicks(): number {
    return this.options.heartbeatTicks;
  }

  /** Cut both directions between `id` and every other node. */
  isolate(id: NodeId): void {
    this.node(id);
    for (const other of this.ids) {
      if (other === id) continue;
      this.cuts.add(`${id}>${other}`);
      this.cuts.add(`${other}>${id}`);
    }
  }

  /** Cut the directed link from -> to. */
  cut(from: NodeId, to: NodeId): void {
    this.node(from);
    this.node(to);
    this.cuts.add(`${from}>${to}`);
  }

  heal(): void {
    this.cuts.clear();
  }

  /** Lose everything volatile; the durable log stays (every persist here is synchronous, so nothing unsynced is lost). */
  crash(id: NodeId): void {
    const node = this.node(id);
    this.raft(id);
    node.raft = null;
    node.applied = [];
  }

  /** Start `id` again from its durable log: state from the snapshot, committed entries re-applied. */
  restart(id: NodeId): void {
    const node = this.node(id);
    if (node.raft !== null) throw new Error(`node ${id} is running`);
    this.start(node);
    this.processReadies();
  }

  private start(node: ScenarioNode): void {
    const { store } = node;
    node.applied = decodeApplied(store.snapshot());
    const commit = store.hardState().commit;
    if (commit > store.snapshot().meta.index) {
      for (const entry of store.entries(store.firstIndex(), commit + 1, Number.MAX_SAFE_INTEGER)) {
        if (entry.data.length > 0) node.applied.push({ index: entry.index, text: decoder.decode(entry.data) });
      }
    }
    node.raft = new Raft({
      id: node.id,
      voters: this.ids,
      storage: store,
      applied: Math.max(commit, store.snapshot().meta.index),
      electionTicks: this.options.electionTicks,
      heartbeatTicks: this.options.heartbeatTicks,
      random: () => 0,
      messageBytesMax: this.options.messageBytesMax,
      inflightBytesMax: 1024 * 1024,
      inflightMessagesMax: 64,
      uncommittedBytesMax: 1024 * 1024,
      entryBytesMax: 64 * 1024,
      applyEntriesMax: 1000,
      sendBeforePersist: true,
    });
  }

  /** Propose `text` at node `id`; the result as a line. */
  propose(id: NodeId, text: string): string {
    const result = this.raft(id).propose(encoder.encode(text));
    this.processReadies();
    if (result.ok) return `proposed at ${result.term}/${result.index}`;
    if (result.reason === 'notLeader') return `refused: not leader (leader ${result.leader})`;
    return `refused: ${result.reason}`;
  }

  /** Compact node `id`'s durable log at `index` (applied) with a snapshot of its applied list. */
  compact(id: NodeId, index: number): string {
    const node = this.node(id);
    const raft = this.raft(id);
    const term = node.store.term(index);
    if (term === undefined) throw new Error(`node ${id} has no entry ${index}`);
    const data = encoder.encode(JSON.stringify(node.applied.filter((item) => item.index <= index)));
    // As TxlogNode: the persisted commit may lag (commit-only changes are not synced), so the hard state is written first.
    const { term: currentTerm, vote, commit } = raft.status();
    node.store.applyPersist({ snapshot: null, entries: [], hardState: { term: currentTerm, vote, commit } });
    node.store.applyCompact({ meta: { index, term, voters: this.ids }, data });
    raft.compacted(index);
    return `compacted ${id} at ${term}/${index}`;
  }

  /** One line per node: role, term, vote, positions, known leader. */
  status(): string[] {
    return this.ids.map((id) => {
      const raft = this.node(id).raft;
      if (raft === null) return `${id}: down`;
      const status = raft.status();
      return `${id}: ${status.role} term=${status.term} vote=${status.vote} commit=${status.commit} applied=${status.applied} last=${status.lastIndex} leader=${status.leader}`;
    });
  }

  /** The durable log of `id`: its snapshot, hard state and entries. */
  log(id: NodeId): string[] {
    const { store } = this.node(id);
    const snapshot = store.snapshot().meta;
    const hardState = store.hardState();
    const lines = [`snapshot ${snapshot.term}/${snapshot.index}`, `hard state term=${hardState.term} vote=${hardState.vote} commit=${hardState.commit}`];
    if (store.lastIndex() >= store.firstIndex()) {
      for (const entry of store.entries(store.firstIndex(), store.lastIndex() + 1, Number.MAX_SAFE_INTEGER)) lines.push(formatEntry(entry));
    }
    return lines;
  }

  /** The data node `id` applied, in order. */
  applied(id: NodeId): string {
    return this.node(id).applied.map((item) => item.text).join(' ') || '(nothing)';
  }
}

/** Delivery lines reduced to counts by outcome and message type, e.g. `delivered: 2 heartbeat; cut: 4 heartbeat`. */
function summarize(lines: readonly string[]): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const line of lines) {
    const outcome = /\((dropped|cut|node down)\)$/.exec(line)?.[1] ?? 'delivered';
    const type = line.split(' ')[1] as string;
    const byType = counts.get(outcome) ?? new Map<string, number>();
    byType.set(type, (byType.get(type) ?? 0) + 1);
    counts.set(outcome, byType);
  }
  const parts = [...counts].map(([outcome, byType]) => `${outcome}: ${[...byType].map(([type, count]) => `${count} ${type}`).join(', ')}`);
  return parts.length === 0 ? [] : [parts.join('; ')];
}

function decodeApplied(snapshot: Snapshot): AppliedData[] {
  if (snapshot.meta.index === 0) return [];
  return JSON.parse(decoder.decode(snapshot.data)) as AppliedData[];
}
