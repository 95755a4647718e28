/**
 * One simulated run: a seed decides everything (configuration, network, disks, clocks, faults,
 * workload), the run is a loop over the event queue in virtual time, and it ends with a verdict:
 * a summary, or the first broken invariant with the time and the last events.
 *
 * Timeline: chaos (faults on) -> calm (every node restarted, partitions healed, no loss; the
 * cluster must elect a leader and decide new appends) -> drain (no new appends; everything
 * settles, then the nodes must have converged).
 */
import type { Message, NodeId } from '../../txlog/src/core/types.js';
import type { ApplyOutcome } from '../../txlog/src/statemachine/outcome.js';
import { MemoryLogStore } from '../../txlog/src/storage/memory-log-store.js';
import { type SessionOptions } from './chain-session.js';
import { configFor, eventsPerRunMax, type SimConfig } from './config.js';
import { EventQueue } from './event-queue.js';
import { dataAsCommand, formatMessage } from './format.js';
import { Checker, type DurableView } from './invariants.js';
import { avoidKnownIssues } from './known-issues.js';
import { LeaseActor, type LeaseWorld } from './lease-actor.js';
import { calmFaults, Network } from './network.js';
import { ProcessGate } from './process-gate.js';
import { PrngStreams, type Prng } from './prng.js';
import { SimClock } from './sim-clock.js';
import { SimNode, type NodeWorld, type Sabotage } from './sim-node.js';
import { Trace } from './trace.js';
import { SimWriter, type WriterWorld } from './writer.js';

/** Counts of what happened in a run. */
export interface RunSummary {
  readonly seed: number;
  readonly nodeCount: number;
  readonly workload: string;
  readonly events: number;
  readonly virtualMs: number;
  readonly crashes: number;
  readonly fsyncFailures: number;
  readonly partitions: number;
  readonly stalls: number;
  readonly trims: number;
  readonly snapshotsInstalled: number;
  /** Snapshot registry commands proposed (requests, and snapshots to record). */
  readonly registryCommands: number;
  readonly leaders: number;
  readonly committedEntries: number;
  readonly acknowledgedRecords: number;
  readonly rejectedRecords: number;
  readonly unknownAppends: number;
  /** Append answers "stale" (outcome no longer known) that actors received. */
  readonly staleAnswers: number;
  readonly leaseGrants: number;
  readonly digestsCompared: number;
  readonly messages: { readonly sent: number; readonly delivered: number; readonly dropped: number; readonly duplicated: number; readonly cut: number };
}

/** A run's verdict. */
export type RunResult =
  | { readonly ok: true; readonly summary: RunSummary }
  | { readonly ok: false; readonly seed: number; readonly atMs: number; readonly message: string; readonly stack: string; readonly trace: readonly string[] };

export interface RunOptions {
  /** Print every trace line as it happens. */
  readonly echo?: (line: string) => void;
  /** Run without avoiding the known issues (known-issues.ts): all of them, or those named. */
  readonly exposeKnownIssues?: boolean | readonly string[];
  /** Break the node driver on purpose (tests of the checker). */
  readonly sabotage?: Sabotage;
}

/** Run seed `seed` to its end. */
export function runSeed(seed: number, options: RunOptions = {}): RunResult {
  const config = configFor(seed);
  const world = new World(avoidKnownIssues(config, options.exposeKnownIssues), options.echo ?? null, options.sabotage ?? null);
  return world.run();
}

class World {
  private readonly queue = new EventQueue();
  private readonly streams: PrngStreams;
  private readonly trace: Trace<Message>;
  private readonly checker: Checker;
  private readonly network: Network;
  private readonly nodeIds: NodeId[];
  private readonly nodes = new Map<NodeId, SimNode>();
  /** The durable store of a node that is down, until it restarts. */
  private readonly downStores = new Map<NodeId, MemoryLogStore>();
  private readonly incarnations = new Map<NodeId, number>();
  private readonly clocks = new Map<NodeId, SimClock>();
  private readonly writers: SimWriter[] = [];
  private readonly leaseActors: LeaseActor[] = [];
  private readonly actorGates = new Map<string, ProcessGate>();
  private readonly faultRandom: Prng;
  private readonly diskRandom: Prng;
  private calm = false;
  private partitioned = false;
  private readonly stats = { crashes: 0, fsyncFailures: 0, partitions: 0, stalls: 0, trims: 0, snapshotsInstalled: 0, registryCommands: 0 };

  constructor(
    private readonly config: SimConfig,
    echo: ((line: string) => void) | null,
    private readonly sabotage: Sabotage | null,
  ) {
    this.streams = new PrngStreams(config.seed);
    this.trace = new Trace<Message>(() => this.queue.now, (message) => `send ${formatMessage(message, dataAsCommand)}`, echo);
    this.checker = new Checker(config.nodeCount, () => this.durableViews());
    this.network = new Network(this.queue, this.streams.get('network'), config.faults);
    this.faultRandom = this.streams.get('faults');
    this.diskRandom = this.streams.get('disk');
    this.nodeIds = Array.from({ length: config.nodeCount }, (_, index) => index + 1);
  }

  run(): RunResult {
    const { config } = this;
    let events = 0;
    try {
      this.trace.add(describeConfig(config));
      this.setUp();
      const end = this.endMs;
      for (;;) {
        const event = this.queue.pop();
        if (event === undefined || event.at > end) break;
        if (++events > eventsPerRunMax) throw new Error(`the run exceeded ${eventsPerRunMax} events`);
        event.run();
      }
      this.queue.now = end;
      this.checkEnd();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return { ok: false, seed: config.seed, atMs: this.queue.now, message: failure.message, stack: failure.stack ?? '', trace: this.trace.tail() };
    }
    return { ok: true, summary: this.summary(events) };
  }

  private get endMs(): number {
    const { chaosMs, calmMs } = this.config;
    return chaosMs + calmMs;
  }

  // ---- set-up -------------------------------------------------------------------------------

  private setUp(): void {
    const clockRandom = this.streams.get('clocks');
    for (const id of this.nodeIds) {
      const rate = 1 + (clockRandom.next() * 2 - 1) * this.config.tickSkewMax;
      this.clocks.set(id, new SimClock(() => this.queue.now, rate, clockRandom.int(0, 1_000_000)));
      this.incarnations.set(id, 0);
      this.startNode(id, MemoryLogStore.create(this.nodeIds, { sync: 'manual' }));
      this.scheduleTicks(id);
    }
    this.setUpActors(clockRandom);
    this.scheduleFaults();
    this.scheduleStalls();
    this.scheduleSnapshotRegistry();
    this.queue.after(this.config.chaosMs, 'calm', () => this.beginCalm());
  }

  private setUpActors(clockRandom: Prng): void {
    const { config } = this;
    const session: SessionOptions = {
      pipelineMax: config.writerPipelineMax,
      attemptTimeoutMs: config.attemptTimeoutMs,
      deadlineMs: config.appendDeadlineMs,
      batchRecordsMax: 8,
    };
    for (let index = 1; index <= config.writerCount; index++) {
      const writer = new SimWriter(this.actorWorld(`w${index}`), `w${index}`, { ...session, appendEveryMs: config.appendEveryMs }, this.streams.get(`writer-${index}`));
      this.writers.push(writer);
      writer.start();
    }
    for (let index = 1; index <= config.leaseActorCount; index++) {
      const drift = config.leaseDriftRateMax;
      const actualDrift = this.sabotage === 'leaseClockDrift' ? 0.3 : drift;
      const clock = new SimClock(() => this.queue.now, 1 + (clockRandom.next() * 2 - 1) * actualDrift, clockRandom.int(0, 1_000_000));
      const options = { ...session, durationMs: config.leaseDurationMs, driftRateMax: drift, pollEveryMs: 10 };
      const actor = new LeaseActor(this.actorWorld(`l${index}`), `l${index}`, clock, options, this.streams.get(`lease-${index}`));
      this.leaseActors.push(actor);
      actor.start();
    }
  }

  private startNode(id: NodeId, store: MemoryLogStore): void {
    const incarnation = (this.incarnations.get(id) ?? 0) + 1;
    this.incarnations.set(id, incarnation);
    const node = new SimNode(id, incarnation, store, this.clocks.get(id) as SimClock, this.nodeWorld(id));
    this.nodes.set(id, node);
    this.downStores.delete(id);
    node.open();
  }

  private scheduleTicks(id: NodeId): void {
    const clock = this.clocks.get(id) as SimClock;
    const interval = this.config.limits.tickMs / clock.rate;
    const tick = () => {
      this.nodes.get(id)?.tick();
      this.queue.after(interval, `n${id} tick`, tick);
    };
    this.queue.after(this.streams.get('clocks').next() * interval, `n${id} tick`, tick);
  }

  private nodeWorld(id: NodeId): NodeWorld {
    const raftRandom = this.streams.get(`raft-${id}`);
    return {
      limits: this.config.limits,
      sabotage: this.sabotage,
      observer: this.checker,
      after: (delayMs, label, run) => this.queue.after(delayMs, label, run),
      sendRaft: (message) => {
        if (message.type === 'heartbeat' || message.type === 'heartbeatResp') this.trace.detail(message);
        else this.trace.item(message);
        return this.network.send(`n${message.from}`, `n${message.to}`, 'raft', () => {
          const target = this.nodes.get(message.to);
          if (target === undefined || !target.running) return;
          if (message.snapshot !== null) this.stats.snapshotsInstalled++;
          target.receive(message);
        });
      },
      fsyncOutcome: () => this.fsyncOutcome(),
      random: () => raftRandom.next(),
      trace: (text) => this.trace.add(text),
      nodeStopped: (node) => this.nodeStopped(node),
    };
  }

  private fsyncOutcome(): number | 'fail' {
    const { config, diskRandom } = this;
    if (!this.calm && diskRandom.chance(config.fsyncFailChance * 0.01)) return 'fail';
    const slow = diskRandom.chance(config.fsyncSlowChance);
    if (slow && (!this.calm || config.slowDisksInCalm)) return diskRandom.int(config.fsyncMsMax, config.fsyncSlowMsMax);
    return diskRandom.int(config.fsyncMsMin, config.fsyncMsMax);
  }

  // ---- actors' calls --------------------------------------------------------------------------

  /** The world of actor `name`: its timers and the answers it gets wait while its process is stalled. */
  private actorWorld(name: string): WriterWorld & LeaseWorld {
    const gate = new ProcessGate();
    this.actorGates.set(name, gate);
    const deliver = (from: string, to: string, label: string, run: () => void) => this.network.send(from, to, label, () => gate.run(run));
    /** Run `handler` on node `id` if it is up, once it is responsive (not stalled). */
    const onNode = (id: NodeId, handler: (node: SimNode) => void): void => {
      const node = this.nodes.get(id);
      if (node === undefined || !node.running) return;
      node.whenResponsive(() => {
        if (node.running) handler(node);
      });
    };
    return {
      checker: this.checker,
      nodeIds: this.nodeIds,
      now: () => this.queue.now,
      after: (delayMs, label, run) => this.queue.after(delayMs, label, () => gate.run(run)),
      trace: (text) => this.trace.add(text),
      callAppend: (from, to, request, reply) => {
        this.network.send(from, `n${to}`, 'append', () =>
          onNode(to, (node) =>
            node.append(request, (answer) => {
              this.trace.add(() => `n${to} answers ${from} seq ${request.requestSeq}: ${JSON.stringify(answer)}`);
              deliver(`n${to}`, from, 'append reply', () => reply(answer));
            }),
          ),
        );
      },
      callStatus: (from, to, reply) => {
        this.network.send(from, `n${to}`, 'status', () =>
          onNode(to, (node) => {
            const lastAcceptedId = node.machine.lastAcceptedId;
            deliver(`n${to}`, from, 'status reply', () => reply(lastAcceptedId));
          }),
        );
      },
      callTail: (from, to, fromId, recordsMax, reply) => {
        this.network.send(from, `n${to}`, 'tail', () =>
          onNode(to, (node) => {
            const answer = node.tail(fromId, recordsMax);
            deliver(`n${to}`, from, 'tail reply', () => reply(answer));
          }),
        );
      },
    };
  }

  // ---- faults ---------------------------------------------------------------------------------

  private scheduleFaults(): void {
    const { config, faultRandom } = this;
    const next = () => {
      if (this.calm) return;
      if (faultRandom.chance(config.partitionChance)) this.partition();
      if (faultRandom.chance(config.crashChance)) this.crashSomeNode();
      if (faultRandom.chance(config.trimChance)) this.trim();
      this.queue.after(faultRandom.int(1, 2 * config.faultEveryMs), 'faults', next);
    };
    this.queue.after(faultRandom.int(1, 2 * config.faultEveryMs), 'faults', next);
  }

  /** Process stalls (GC pauses, a blocked event loop), from their own stream so other faults keep their draws. */
  private scheduleStalls(): void {
    const random = this.streams.get('stalls');
    const chance = random.pick([0, 0.1, 0.3]);
    if (chance === 0) return;
    const next = () => {
      if (this.calm) return;
      if (random.chance(chance)) {
        const live = [...this.nodes.values()].filter((node) => node.running);
        const targets = [...live.map((node) => `n${node.id}`), ...this.actorGates.keys()];
        const target = random.pick(targets);
        const ms = random.int(20, 400);
        this.stats.stalls++;
        this.trace.add(`${target} stalls for ${ms}ms`);
        const gate = this.actorGates.get(target);
        if (gate !== undefined) gate.stall((resume) => this.queue.after(ms, 'resume', resume));
        else live.find((node) => `n${node.id}` === target)?.stall(ms);
      }
      this.queue.after(random.int(1, 2 * this.config.faultEveryMs), 'stalls', next);
    };
    this.queue.after(random.int(1, 2 * this.config.faultEveryMs), 'stalls', next);
  }

  /**
   * The snapshot registry's commands at the leader (a snapshotter's requests and records, some of
   * them refused), from their own stream so other streams keep their draws; the nodes' digests
   * then cover the registry through crashes, compaction and snapshot installs.
   */
  private scheduleSnapshotRegistry(): void {
    const random = this.streams.get('snapshot-registry');
    const chance = random.pick([0, 0.2, 0.5]);
    if (chance === 0) return;
    const next = () => {
      if (this.calm) return;
      const leader = [...this.nodes.values()].find((node) => node.running && node.role === 'leader');
      if (random.chance(chance) && leader !== undefined) this.snapshotRegistryCommand(leader, random);
      this.queue.after(random.int(1, this.config.faultEveryMs), 'snapshot registry', next);
    };
    this.queue.after(random.int(1, this.config.faultEveryMs), 'snapshot registry', next);
  }

  private snapshotRegistryCommand(leader: SimNode, random: Prng): void {
    this.stats.registryCommands++;
    const describe = (outcome: ApplyOutcome | null): string => (outcome === null ? 'not applied here' : JSON.stringify(outcome));
    if (random.chance(0.4)) {
      this.trace.add(`snapshot request at n${leader.id}`);
      leader.snapshotRegistry('request', (outcome) => this.trace.add(`snapshot request: ${describe(outcome)}`));
      return;
    }
    const recordId = Math.max(1, this.checker.lastChainId - random.int(0, 6));
    const answersRequestSeq = Math.max(0, leader.machine.snapshotRequestSeq - random.int(0, 1));
    const info = {
      recordId: BigInt(recordId),
      location: `/snapshots/${recordId}`,
      sizeBytes: BigInt(random.int(0, 1 << 20)),
      keyCount: BigInt(random.int(0, 1000)),
      digest: `d${recordId}`,
      createdMs: BigInt(Math.floor(this.queue.now)),
      answersRequestSeq: BigInt(answersRequestSeq),
    };
    this.trace.add(`snapshot record id ${recordId} answers ${answersRequestSeq} at n${leader.id}`);
    leader.snapshotRegistry(info, (outcome) => this.trace.add(`snapshot record id ${recordId}: ${describe(outcome)}`));
  }

  private partition(): void {
    if (this.partitioned) return;
    const random = this.faultRandom;
    const names = this.nodeIds.map((id) => `n${id}`);
    const kind = random.pick(['isolate', 'split', 'one-way', 'bridge'] as const);
    if (kind === 'isolate') {
      const alone = random.pick(names);
      for (const other of names) if (other !== alone) this.cutBoth(alone, other);
    } else if (kind === 'split') {
      const shuffled = shuffle(names, random);
      const cut = random.int(1, names.length - 1);
      for (const a of shuffled.slice(0, cut)) for (const b of shuffled.slice(cut)) this.cutBoth(a, b);
    } else if (kind === 'one-way') {
      const count = random.int(1, names.length);
      for (let index = 0; index < count; index++) {
        const from = random.pick(names);
        const to = random.pick(names.filter((name) => name !== from));
        this.network.cut(from, to);
      }
    } else {
      // A bridge: two halves that cannot see each other, and one node that sees both.
      const shuffled = shuffle(names, random);
      const bridge = shuffled[0] as string;
      const rest = shuffled.slice(1);
      const half = Math.ceil(rest.length / 2);
      for (const a of rest.slice(0, half)) for (const b of rest.slice(half)) if (a !== bridge && b !== bridge) this.cutBoth(a, b);
    }
    this.partitioned = true;
    this.stats.partitions++;
    this.trace.add(`partition (${kind}): ${this.network.describeCuts()}`);
    this.queue.after(random.int(30, 800), 'heal', () => {
      this.network.healAll();
      this.partitioned = false;
      this.trace.add('partition healed');
    });
  }

  private cutBoth(a: string, b: string): void {
    this.network.cut(a, b);
    this.network.cut(b, a);
  }

  private crashSomeNode(): void {
    const random = this.faultRandom;
    const live = this.nodeIds.filter((id) => this.nodes.get(id)?.alive === true);
    const majority = Math.floor(this.nodeIds.length / 2) + 1;
    // Mostly keep a majority up; sometimes take it down too.
    if (live.length <= majority && !random.chance(0.2)) return;
    if (live.length === 0) return;
    const id = random.pick(live);
    this.crash(id, random.int(10, 600));
  }

  private crash(id: NodeId, downMs: number): void {
    const node = this.nodes.get(id) as SimNode;
    const random = this.diskRandom;
    const unsynced = node.store.unsyncedWrites;
    const unsyncedKept = unsynced > 0 && random.chance(this.config.crashKeepsUnsyncedChance) ? 1 : 0;
    const torn = node.unsyncedWrite?.unit?.entries.length ?? 0;
    const tornEntries = unsyncedKept === 0 && torn > 1 && random.chance(this.config.crashTearsChance) ? random.int(1, torn - 1) : 0;
    node.crash();
    const survivor = node.store.crash({ unsyncedKept, tornEntries });
    this.afterDown(node, survivor, `crashes${unsynced > 0 ? ` (unsynced write ${unsyncedKept > 0 ? 'kept' : tornEntries > 0 ? `torn after ${tornEntries} entries` : 'lost'})` : ''}`, downMs);
    this.stats.crashes++;
  }

  private nodeStopped(node: SimNode): void {
    this.stats.fsyncFailures++;
    const survivor = node.store.crash();
    this.afterDown(node, survivor, 'stopped after a failed fsync', this.faultRandom.int(10, 300));
  }

  private afterDown(node: SimNode, survivor: MemoryLogStore, what: string, downMs: number): void {
    const id = node.id;
    this.nodes.delete(id);
    this.downStores.set(id, survivor);
    this.trace.add(`n${id} ${what}; down for ${downMs}ms`);
    this.checker.checkMajorityDurable();
    const incarnation = this.incarnations.get(id);
    this.queue.after(downMs, `n${id} restart`, () => {
      if (this.incarnations.get(id) !== incarnation || this.nodes.has(id)) return;
      this.startNode(id, this.downStores.get(id) as MemoryLogStore);
    });
  }

  private durableViews(): DurableView[] {
    return this.nodeIds.map((id) => {
      const down = this.downStores.get(id);
      if (down !== undefined) return { id, store: down, pending: null };
      const node = this.nodes.get(id) as SimNode;
      return { id, store: node.store, pending: node.unsyncedWrite };
    });
  }

  private trim(): void {
    const leader = [...this.nodes.values()].find((node) => node.running && node.role === 'leader');
    const last = this.checker.lastChainId;
    if (leader === undefined || last === 0) return;
    const beforeId = Math.max(1, last - this.faultRandom.int(0, 30));
    this.stats.trims++;
    this.trace.add(`trim before id ${beforeId} at n${leader.id}`);
    leader.trim(beforeId, (firstRetainedId) => this.trace.add(`trim before ${beforeId}: ${firstRetainedId === null ? 'not applied here' : `first retained id ${firstRetainedId}`}`));
  }

  // ---- calm and the end ------------------------------------------------------------------------

  private beginCalm(): void {
    this.calm = true;
    this.network.healAll();
    this.partitioned = false;
    this.network.faults = calmFaults(1, this.config.faults.delayMsMax);
    this.trace.add('calm: faults stop, every node is up');
    for (const id of this.nodeIds) if (!this.nodes.has(id)) this.startNode(id, this.downStores.get(id) as MemoryLogStore);
    const settleMs = this.config.appendDeadlineMs + 100;
    this.queue.after(settleMs, 'liveness from', () => {
      for (const writer of this.writers) writer.requireLiveness();
    });
    this.queue.after(this.config.calmMs - this.config.appendDeadlineMs - 200, 'drain', () => {
      for (const writer of this.writers) writer.stopGenerating();
      for (const actor of this.leaseActors) actor.stop();
    });
  }

  private checkEnd(): void {
    const live = [...this.nodes.values()];
    const leaders = live.filter((node) => node.role === 'leader');
    if (leaders.length !== 1) throw new Error(`liveness: ${leaders.length} leaders at the end of the calm (${leaders.map((node) => `n${node.id}`).join(', ')})`);
    const applied = new Set(live.map((node) => node.machine.appliedIndex));
    if (applied.size !== 1) throw new Error(`liveness: the nodes did not converge: applied indexes ${live.map((node) => `n${node.id}=${node.machine.appliedIndex}`).join(' ')}`);
    for (const node of live) this.checker.compareDigest(node);
    for (const node of live) this.checker.checkAcknowledgedReached(node);
    for (const writer of this.writers) {
      if (writer.livenessProblems.length > 0) throw new Error(`liveness: ${writer.livenessProblems[0]}`);
      if (writer.unsettledLivenessAppends > 0) throw new Error(`liveness: ${writer.name} has ${writer.unsettledLivenessAppends} appends unsettled at the end`);
    }
  }

  private summary(events: number): RunSummary {
    const counts = this.checker.counts;
    let unknown = 0;
    for (const writer of this.writers) unknown += writer.outcomes.unknown;
    return {
      seed: this.config.seed,
      nodeCount: this.config.nodeCount,
      workload: this.config.workload,
      events,
      virtualMs: this.endMs,
      ...this.stats,
      leaders: counts.leaders,
      committedEntries: counts.committedEntries,
      acknowledgedRecords: counts.acknowledgedRecords,
      rejectedRecords: counts.rejectedRecords,
      unknownAppends: unknown,
      staleAnswers: counts.staleAnswers,
      leaseGrants: counts.leaseGrants,
      digestsCompared: counts.digestsCompared,
      messages: { ...this.network.stats },
    };
  }
}

function shuffle<T>(items: readonly T[], random: Prng): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

function describeConfig(config: SimConfig): string {
  const { faults } = config;
  return [
    `seed ${config.seed}: ${config.nodeCount} nodes, workload ${config.workload} (${config.writerCount} writers, ${config.leaseActorCount} lease actors)`,
    `chaos ${config.chaosMs}ms, calm ${config.calmMs}ms; delay ${faults.delayMsMin}-${faults.delayMsMax}ms, drop ${faults.dropChance}, duplicate ${faults.duplicateChance}, reorder ${faults.reorderChance}`,
    `partitions ${config.partitionChance}, crashes ${config.crashChance}, trims ${config.trimChance} per ${config.faultEveryMs}ms; tick skew ${config.tickSkewMax}`,
    `dedup: ${config.limits.dedupClientsMax} sessions, ${config.limits.clientInflightAppendsMax} requests each, ${config.limits.dedupResultsMax} in all`,
  ].join('; ');
}
