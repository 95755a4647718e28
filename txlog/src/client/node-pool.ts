/**
 * gRPC stubs of the log nodes, one per address, made on first use, and the calls in progress on
 * them (so closing the client cancels them). Every unary call goes through `unary`, which puts a
 * deadline on it.
 */
import { type ClientUnaryCall, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { TxLogClient as TxLogStub } from '../../../proto/gen/txlog.js';
import { txlogLimits } from '../core/limits.js';
import { channelOptions } from '../transport/grpc-options.js';
import { TxlogError } from './errors.js';
import type { Scheduler } from './scheduler.js';

/** host:port, with the host a name, an IPv4 address or a bracketed IPv6 address. */
const ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** The answer of one gRPC call, or the status it failed with. */
export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: status; readonly details: string };

/** Anything that can be cancelled (a unary call, a stream). */
interface Cancellable {
  cancel(): void;
}

/** True for a well-formed host:port with a port in 1..65535. */
export function isAddress(address: string): boolean {
  const match = ADDRESS.exec(address);
  if (match === null) return false;
  const port = Number(match[1]);
  return port >= 1 && port <= 65535;
}

export class NodePool {
  /** The configured addresses, in the order given, without repeats. */
  readonly configured: readonly string[];
  private readonly stubs = new Map<string, TxLogStub>();
  private readonly active = new Set<Cancellable>();
  private closedFlag = false;

  constructor(addresses: readonly string[]) {
    const unique = [...new Set(addresses)];
    if (unique.length === 0) throw new TxlogError('config', 'the log client needs at least one node address');
    if (unique.length > txlogLimits.clientAddressesMax) {
      throw new TxlogError('config', `${unique.length} node addresses, more than the limit of ${txlogLimits.clientAddressesMax}`);
    }
    for (const address of unique) {
      if (!isAddress(address)) throw new TxlogError('config', `'${address}' is not a host:port address`);
    }
    this.configured = unique;
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** True when a stub for `address` exists or may be made (a leader hint beyond the limit is not followed). */
  admits(address: string): boolean {
    return this.stubs.has(address) || this.configured.includes(address) || (isAddress(address) && this.extraCount() < txlogLimits.clientAddressesMax - this.configured.length);
  }

  /** The stub for `address`, made on first use. */
  stub(address: string): TxLogStub {
    if (this.closedFlag) throw new TxlogError('closed', 'the log client is closed');
    const existing = this.stubs.get(address);
    if (existing !== undefined) return existing;
    if (!this.admits(address)) throw new Error(`assertion: no room for a connection to ${address}`);
    const stub = new TxLogStub(address, credentials.createInsecure(), channelOptions());
    this.stubs.set(address, stub);
    return stub;
  }

  /** Registers a call in progress; close() cancels it. Returns the function that forgets it. */
  track(call: Cancellable): () => void {
    if (this.closedFlag) call.cancel();
    this.active.add(call);
    return () => this.active.delete(call);
  }

  /** Runs one unary call, cancelled after `timeoutMs` (answered as DEADLINE_EXCEEDED). */
  unary<T>(scheduler: Scheduler, timeoutMs: number, start: (callback: (error: ServiceError | null, response: T) => void) => ClientUnaryCall): Promise<CallResult<T>> {
    return new Promise((resolve) => {
      let finished = false;
      let cancelTimer: () => void = () => undefined;
      let untrack: () => void = () => undefined;
      const finish = (result: CallResult<T>): void => {
        if (finished) return;
        finished = true;
        cancelTimer();
        untrack();
        resolve(result);
      };
      let call: ClientUnaryCall;
      try {
        call = start((error, response) => {
          finish(error === null ? { ok: true, value: response } : { ok: false, code: error.code, details: error.details || error.message });
        });
      } catch (error) {
        if (!(error instanceof TxlogError && error.code === 'closed')) throw error;
        finish({ ok: false, code: status.CANCELLED, details: error.message });
        return;
      }
      untrack = this.track(call);
      cancelTimer = scheduler.setTimer(() => {
        finish({ ok: false, code: status.DEADLINE_EXCEEDED, details: `no answer within ${timeoutMs} ms` });
        call.cancel();
      }, timeoutMs);
    });
  }

  /** Cancels every call in progress and closes every connection. */
  close(): void {
    this.closedFlag = true;
    for (const call of [...this.active]) call.cancel();
    this.active.clear();
    for (const stub of this.stubs.values()) stub.close();
    this.stubs.clear();
  }

  private extraCount(): number {
    let extra = 0;
    for (const address of this.stubs.keys()) if (!this.configured.includes(address)) extra++;
    return extra;
  }
}
