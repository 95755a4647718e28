/**
 * Test helper: a gRPC server with only the Raft service, recording the messages it is handed,
 * and waiting on them by event (every wait has a time limit).
 */
import { EventEmitter } from 'node:events';
import type { Server } from '@grpc/grpc-js';
import { pino } from 'pino';
import { RaftService } from '../../../proto/gen/txlog.js';
import type { Message, NodeId } from '../../../txlog/src/core/types.js';
import { bindServer, createGrpcServer } from '../../../txlog/src/transport/grpc-server.js';
import { raftService } from '../../../txlog/src/transport/raft-service.js';

export const quiet = pino({ level: 'silent' });

/** A Raft endpoint listening on 127.0.0.1. */
export class Endpoint {
  readonly received: Message[] = [];
  private readonly events = new EventEmitter();
  private server: Server | null = null;
  port = 0;

  constructor(
    readonly id: NodeId,
    readonly cluster: string,
    readonly voters: readonly NodeId[],
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Listen (on `port`, or a free one the first time). */
  async start(port = this.port): Promise<void> {
    const server = createGrpcServer();
    server.addService(
      RaftService,
      raftService({
        selfId: this.id,
        cluster: this.cluster,
        voters: this.voters,
        logger: quiet,
        deliver: (message) => {
          this.received.push(message);
          this.events.emit('message');
        },
      }),
    );
    this.port = await bindServer(server, `127.0.0.1:${port}`);
    this.server = server;
  }

  /** Stop at once, cutting every open stream (what a crash looks like to the peers). */
  kill(): void {
    this.server?.forceShutdown();
    this.server = null;
  }

  /** Resolve once `predicate` holds for what was received, or reject after `timeoutMs`. */
  waitFor(predicate: (received: readonly Message[]) => boolean, timeoutMs = 5000): Promise<void> {
    return waitForEvent(this.events, 'message', () => predicate(this.received), timeoutMs, `endpoint ${this.id}: condition not met`);
  }
}

/** Resolve when `condition` holds, checked now and after each `event`; reject after `timeoutMs`. */
export function waitForEvent(events: EventEmitter, event: string, condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      events.off(event, check);
    };
    events.on(event, check);
    check();
  });
}
