/**
 * An in-process fake of the log service for the client library's tests: a few real gRPC servers
 * on 127.0.0.1:0 sharing one conditional chain that decides appends as the real state machine
 * does (expected_prev_id, per-session sequence numbers, memory of each session's last request,
 * fenced sessions stay fenced), with scriptable misbehaviour: a chosen leader and NotLeader
 * hints, answers dropped before or after applying, answers held until released, nodes down or
 * stopped, tail streams broken after some records. It has no AppendStream (gRPC answers
 * UNIMPLEMENTED), so every LogWriter test here also covers the writer's fallback to unary Append.
 */
import { EventEmitter } from 'node:events';
import {
  type sendUnaryData,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  type AppendRequest,
  type AppendResponse,
  RecordKind,
  type StatusRequest,
  type StatusResponse,
  type TailRecord,
  type TailRequest,
  type TailResponse,
  TxLogService,
  type TrimRequest,
  type TrimResponse,
} from '../../../proto/gen/txlog.js';

/** What a node does with an Append it receives while it is the leader. */
export type AppendAction =
  /** Apply and answer. */
  | 'answer'
  /** Fail with UNAVAILABLE without applying (the request was lost). */
  | 'dropBeforeApply'
  /** Apply, then fail with UNAVAILABLE (the answer was lost). */
  | 'dropAfterApply'
  /** Keep it, unapplied, for the test to apply, answer or drop (see HeldAppend). */
  | 'hold'
  /** Never apply, never answer. */
  | 'hang';

interface Session {
  seq: bigint;
  response: AppendResponse;
  fenced: boolean;
}

/** An Append kept by 'hold', for the test to decide its fate. */
export interface HeldAppend {
  readonly request: AppendRequest;
  /** Applies it now (once); the answer waits. */
  apply(): void;
  /** Sends the answer, applying it first if that was not done. */
  answer(): void;
  /** Fails the call with UNAVAILABLE (applied or not). */
  drop(): void;
}

/** A bounded wait for an event of the fake (no fixed sleeps): rejects after `limitMs`. */
const WAIT_LIMIT_MS = 5_000;

/** The shared log: the accepted records and the per-session memory. */
class FakeLog {
  readonly records: TailRecord[] = [];
  firstRetainedId = 1;
  lastAcceptedId = 0;
  /** Requests decided (accepted or rejected); answers from memory and not_yet are not counted. */
  decisions = 0;
  private readonly sessions = new Map<bigint, Session>();

  constructor(private readonly changed: () => void) {}

  /** The decision on `request`, as the real state machine makes it; 'stale' for an older retry. */
  apply(request: AppendRequest): AppendResponse | 'stale' {
    const session = this.sessions.get(request.clientId);
    if (session !== undefined && request.requestSeq === session.seq) return session.response;
    if (session !== undefined && request.requestSeq < session.seq) return 'stale';
    const nextSeq = session === undefined ? 1n : session.seq + 1n;
    const lastAcceptedId = BigInt(this.lastAcceptedId);
    const to = { clientId: request.clientId, requestSeq: request.requestSeq };
    if (request.requestSeq !== nextSeq) return { result: { $case: 'rejected', value: { lastAcceptedId, notYet: true } }, ...to };
    let response: AppendResponse;
    if (session?.fenced !== true && request.expectedPrevId === lastAcceptedId) {
      const firstId = this.lastAcceptedId + 1;
      for (const record of request.records) this.push(record.kind, record.payload);
      response = { result: { $case: 'committed', value: { firstId: BigInt(firstId), lastId: BigInt(this.lastAcceptedId) } }, ...to };
    } else if (session?.fenced !== true && request.expectedPrevId > lastAcceptedId) {
      return { result: { $case: 'rejected', value: { lastAcceptedId, notYet: true } }, ...to };
    } else {
      response = { result: { $case: 'rejected', value: { lastAcceptedId, notYet: false } }, ...to };
    }
    this.decisions++;
    this.sessions.set(request.clientId, { seq: request.requestSeq, response, fenced: response.result?.$case === 'rejected' });
    this.changed();
    return response;
  }

  /** Someone else appends `count` data records (another writer). */
  appendForeign(count: number): void {
    for (let index = 0; index < count; index++) this.push(RecordKind.RECORD_KIND_DATA, Buffer.from(`foreign-${this.lastAcceptedId + 1}`));
    this.changed();
  }

  trim(beforeId: number): void {
    while (this.firstRetainedId < beforeId && this.records.length > 0) {
      this.records.shift();
      this.firstRetainedId++;
    }
    this.changed();
  }

  /** Records from id `fromId` on, at most `count`. */
  slice(fromId: number, count: number): TailRecord[] {
    const start = fromId - this.firstRetainedId;
    return this.records.slice(start, start + count);
  }

  private push(kind: RecordKind, payload: Buffer): void {
    this.lastAcceptedId++;
    this.records.push({ id: BigInt(this.lastAcceptedId), kind, payload });
  }
}

/** One fake node: a gRPC server and its misbehaviour switches. */
export class FakeNode {
  /** Every RPC fails with UNAVAILABLE while true. */
  down = false;
  /** Append requests received, in order. */
  readonly appends: AppendRequest[] = [];
  /** Tail streams opened (their from_id), in order. */
  readonly tails: number[] = [];
  /** Tail streams the client cancelled. */
  tailsCancelled = 0;
  server: Server | undefined;
  port = 0;

  constructor(readonly id: number) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }
}

export class FakeCluster {
  readonly log: FakeLog;
  readonly nodes: FakeNode[];
  /** Index of the leader node; undefined: no leader. */
  leader: number | undefined = 0;
  /** Whether followers name the leader's address (in NotLeader and Status). */
  hints = true;
  /** What the leader does with each Append. */
  appendAction: (node: FakeNode, request: AppendRequest) => AppendAction = () => 'answer';
  /** Records per Tail response message. */
  tailBatchMax = 2;
  /** A tail stream fails with UNAVAILABLE after sending this many records (undefined: never). */
  tailBreakAfter: number | undefined;
  /** A tail stream starts this many ids before the one asked (repeats the client must skip). */
  tailRewind = 0;
  private readonly events = new EventEmitter();
  private held: HeldAppend[] = [];
  private readonly liveTails = new Set<() => void>();

  private constructor(count: number) {
    this.log = new FakeLog(() => this.changed());
    this.nodes = Array.from({ length: count }, (_, index) => new FakeNode(index + 1));
    this.events.setMaxListeners(100);
  }

  /** A cluster of `count` fake nodes listening on ephemeral loopback ports. */
  static async start(count = 3): Promise<FakeCluster> {
    const cluster = new FakeCluster(count);
    for (const node of cluster.nodes) await cluster.listen(node, 0);
    return cluster;
  }

  addresses(): string[] {
    return this.nodes.map((node) => node.address);
  }

  /** Append requests received by all nodes together. */
  appendsReceived(): number {
    return this.nodes.reduce((sum, node) => sum + node.appends.length, 0);
  }

  /** Requests held by 'hold' and not yet taken. */
  heldCount(): number {
    return this.held.length;
  }

  /** The held requests, in the order they arrived (the test then decides their fate). */
  takeHeld(): HeldAppend[] {
    return this.held.splice(0);
  }

  /** Applies and answers the held requests, in the order they arrived. */
  releaseHeld(): void {
    for (const held of this.takeHeld()) held.answer();
  }

  /** Resolves once `predicate` holds, checked after every event of the fake; rejects after a bounded wait. */
  waitFor(predicate: () => boolean, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.events.off('change', check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off('change', check);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_LIMIT_MS);
      this.events.on('change', check);
    });
  }

  /** Stops node `index` abruptly (its connections drop). */
  async stopNode(index: number): Promise<void> {
    const node = this.node(index);
    node.server?.forceShutdown();
    node.server = undefined;
    this.changed();
  }

  /** Starts node `index` again on its old port. */
  async restartNode(index: number): Promise<void> {
    const node = this.node(index);
    await this.listen(node, node.port);
  }

  async close(): Promise<void> {
    this.held = [];
    for (const node of this.nodes) node.server?.forceShutdown();
  }

  private node(index: number): FakeNode {
    const node = this.nodes[index];
    if (node === undefined) throw new Error(`no node ${index}`);
    return node;
  }

  private changed(): void {
    for (const push of [...this.liveTails]) push();
    this.events.emit('change');
  }

  private leaderNode(): FakeNode | undefined {
    return this.leader === undefined ? undefined : this.nodes[this.leader];
  }

  private listen(node: FakeNode, port: number): Promise<void> {
    const server = new Server();
    server.addService(TxLogService, this.service(node));
    return new Promise((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
        if (error !== null) {
          reject(error);
          return;
        }
        node.server = server;
        node.port = bound;
        resolve();
      });
    });
  }

  private service(node: FakeNode): UntypedServiceImplementation {
    return {
      append: (call: ServerUnaryCall<AppendRequest, AppendResponse>, callback: sendUnaryData<AppendResponse>) => this.append(node, call.request, callback),
      status: (_call: ServerUnaryCall<StatusRequest, StatusResponse>, callback: sendUnaryData<StatusResponse>) => this.status(node, callback),
      trim: (call: ServerUnaryCall<TrimRequest, TrimResponse>, callback: sendUnaryData<TrimResponse>) => this.trim(node, call.request, callback),
      tail: (call: ServerWritableStream<TailRequest, TailResponse>) => this.tail(node, call),
    };
  }

  private unavailable<T>(callback: sendUnaryData<T>, details: string): void {
    callback({ code: status.UNAVAILABLE, details });
  }

  private append(node: FakeNode, request: AppendRequest, callback: sendUnaryData<AppendResponse>): void {
    node.appends.push(request);
    this.changed();
    if (node.down) return this.unavailable(callback, 'node down');
    const leader = this.leaderNode();
    if (leader !== node) {
      const leaderAddress = this.hints && leader !== undefined ? leader.address : '';
      callback(null, { result: { $case: 'notLeader', value: { leaderId: leader?.id ?? 0, leaderAddress } }, clientId: request.clientId, requestSeq: request.requestSeq });
      return;
    }
    const respond = (result: AppendResponse | 'stale'): void => {
      if (result === 'stale') callback({ code: status.FAILED_PRECONDITION, details: 'a later request of this session was applied' });
      else callback(null, result);
    };
    switch (this.appendAction(node, request)) {
      case 'answer':
        return respond(this.log.apply(request));
      case 'dropBeforeApply':
        return this.unavailable(callback, 'dropped before apply');
      case 'dropAfterApply':
        this.log.apply(request);
        return this.unavailable(callback, 'dropped after apply');
      case 'hold': {
        let result: AppendResponse | 'stale' | undefined;
        const apply = (): AppendResponse | 'stale' => (result ??= this.log.apply(request));
        this.held.push({ request, apply, answer: () => respond(apply()), drop: () => this.unavailable(callback, 'dropped by the test') });
        this.changed();
        return;
      }
      case 'hang':
        return;
    }
  }

  private status(node: FakeNode, callback: sendUnaryData<StatusResponse>): void {
    if (node.down) return this.unavailable(callback, 'node down');
    const leader = this.leaderNode();
    callback(null, {
      nodeId: node.id,
      role: leader === node ? 'leader' : 'follower',
      term: 3n,
      commitIndex: BigInt(this.log.lastAcceptedId + 1),
      lastIndex: BigInt(this.log.lastAcceptedId + 1),
      appliedIndex: BigInt(this.log.lastAcceptedId + 1),
      leaderId: leader?.id ?? 0,
      leaderAddress: this.hints && leader !== undefined ? leader.address : '',
      peers: [],
      lease: undefined,
      lastAcceptedId: BigInt(this.log.lastAcceptedId),
      firstRetainedId: BigInt(this.log.firstRetainedId),
      snapshots: [],
      snapshotRequestSeq: 0n,
    });
  }

  private trim(node: FakeNode, request: TrimRequest, callback: sendUnaryData<TrimResponse>): void {
    if (node.down) return this.unavailable(callback, 'node down');
    if (this.leaderNode() !== node) {
      callback({ code: status.FAILED_PRECONDITION, details: 'not the leader' });
      return;
    }
    if (request.beforeId > BigInt(this.log.lastAcceptedId + 1)) {
      callback({ code: status.INVALID_ARGUMENT, details: `cannot trim beyond the last accepted id ${this.log.lastAcceptedId}` });
      return;
    }
    this.log.trim(Number(request.beforeId));
    callback(null, { firstRetainedId: BigInt(this.log.firstRetainedId) });
  }

  private tail(node: FakeNode, call: ServerWritableStream<TailRequest, TailResponse>): void {
    const asked = Number(call.request.fromId);
    node.tails.push(asked);
    this.changed();
    if (node.down) {
      call.emit('error', { code: status.UNAVAILABLE, details: 'node down' });
      return;
    }
    if (asked < this.log.firstRetainedId) {
      call.emit('error', { code: status.OUT_OF_RANGE, details: `records below ${this.log.firstRetainedId} were trimmed` });
      return;
    }
    let next = Math.max(this.log.firstRetainedId, asked - this.tailRewind);
    let sent = 0;
    const push = (): void => {
      if (call.cancelled || call.destroyed) return;
      for (;;) {
        const room = this.tailBreakAfter === undefined ? this.tailBatchMax : Math.min(this.tailBatchMax, this.tailBreakAfter - sent);
        const records = room > 0 ? this.log.slice(next, room) : [];
        if (records.length > 0) {
          call.write({ records });
          next += records.length;
          sent += records.length;
        }
        if (this.tailBreakAfter !== undefined && sent >= this.tailBreakAfter) {
          this.liveTails.delete(push);
          call.emit('error', { code: status.UNAVAILABLE, details: 'tail stream broken by the test' });
          return;
        }
        if (records.length === 0) return;
      }
    };
    call.on('cancelled', () => {
      this.liveTails.delete(push);
      node.tailsCancelled++;
      this.changed();
    });
    this.liveTails.add(push);
    push();
  }
}
