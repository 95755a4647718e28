/**
 * A simulated writer competing for the chain: it learns where the chain ends (a Status call),
 * then appends data in one session (pipelined requests, each naming the last id the previous one
 * will get). When the session is fenced (someone else appended) or loses track (an outcome it
 * cannot know), it starts a new session from where the chain ends now.
 *
 * For the liveness check, appends made after `livenessFrom` must be decided (committed or
 * rejected), never unknown, and all of them must be settled by the end of the run.
 */
import type { AppendOutcome } from '../../txlog/src/client/writer-chain.js';
import type { NodeId } from '../../txlog/src/core/types.js';
import { ChainSession, dataRecord, type ActorWorld, type SessionOptions, type SimRecord } from './chain-session.js';
import type { Prng } from './prng.js';

/** What a writer needs besides its session's sending options. */
export interface WriterWorld extends ActorWorld {
  /** Ask node `to` for the id of its last accepted record; `reply` runs if an answer comes back. */
  callStatus(from: string, to: NodeId, reply: (lastAcceptedId: number) => void): void;
}

export interface WriterOptions extends SessionOptions {
  /** Mean global ms between two appends. */
  readonly appendEveryMs: number;
}

/** Appends one writer keeps queued or in flight before it waits. */
const outstandingAppendsMax = 16;

export class SimWriter {
  private session: ChainSession | null = null;
  private sessions = 0;
  private appends = 0;
  private outstanding = 0;
  private generating = true;
  /** Appends made after this global time must be decided. */
  private livenessFrom = Number.POSITIVE_INFINITY;
  private readonly livenessPending = new Set<number>();
  /** Liveness problems seen (reported at the end). */
  readonly livenessProblems: string[] = [];
  /** Outcomes, for the summary. */
  readonly outcomes = { committed: 0, rejected: 0, unknown: 0 };

  constructor(
    private readonly world: WriterWorld,
    readonly name: string,
    private readonly options: WriterOptions,
    private readonly random: Prng,
  ) {}

  /** Begin: find the chain's end, then append at random intervals. */
  start(): void {
    this.findChainEnd();
    this.scheduleNextAppend();
  }

  /** From now on, appends must be decided. */
  requireLiveness(): void {
    this.livenessFrom = this.world.now();
  }

  /** Stop making new appends (what is in flight goes on). */
  stopGenerating(): void {
    this.generating = false;
  }

  /** Liveness appends not settled yet. */
  get unsettledLivenessAppends(): number {
    return this.livenessPending.size;
  }

  private findChainEnd(): void {
    const target = this.random.pick(this.world.nodeIds);
    let answered = false;
    this.world.after(this.options.attemptTimeoutMs, `${this.name} status timeout`, () => {
      if (answered) return;
      answered = true;
      this.findChainEnd();
    });
    this.world.callStatus(this.name, target, (lastAcceptedId) => {
      if (answered) return;
      answered = true;
      this.sessions++;
      const clientId = this.random.nextUint64() | 1n;
      this.session = new ChainSession(this.world, this.name, clientId, lastAcceptedId, this.options, this.random);
      this.world.trace(`${this.name} starts session ${this.sessions} after id ${lastAcceptedId} (from n${target})`);
    });
  }

  private scheduleNextAppend(): void {
    if (!this.generating) return;
    const delay = this.random.int(1, 2 * this.options.appendEveryMs);
    this.world.after(delay, `${this.name} append`, () => {
      this.appendNow();
      this.scheduleNextAppend();
    });
  }

  private appendNow(): void {
    const session = this.session;
    if (session === null || session.ended !== undefined || this.outstanding >= outstandingAppendsMax) return;
    const number = ++this.appends;
    const count = this.random.int(1, 3);
    const records: SimRecord[] = [];
    for (let position = 0; position < count; position++) records.push(dataRecord(`${this.name}.${this.sessions}.${number}.${position}`));
    const mustDecide = this.world.now() >= this.livenessFrom;
    if (mustDecide) this.livenessPending.add(number);
    this.outstanding++;
    session.append(records, (outcome) => this.settled(session, number, mustDecide, outcome));
  }

  private settled(session: ChainSession, number: number, mustDecide: boolean, outcome: AppendOutcome): void {
    this.outstanding--;
    this.outcomes[outcome.kind]++;
    if (mustDecide) {
      this.livenessPending.delete(number);
      if (outcome.kind === 'unknown') this.livenessProblems.push(`${this.name}'s append ${number} after the calm began ended unknown: ${outcome.reason}`);
    }
    if (outcome.kind === 'committed' || this.session !== session) return;
    // Fenced or lost track: this session is over; start another from where the chain ends now.
    this.world.trace(`${this.name} session ${this.sessions} ends: ${outcome.kind}${outcome.kind === 'unknown' ? ` (${outcome.reason})` : ''}`);
    this.session = null;
    this.world.after(this.random.int(5, 50), `${this.name} restart`, () => this.findChainEnd());
  }
}
