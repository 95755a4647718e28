/**
 * Which node is the log's leader, as far as this client knows: the last one that answered as
 * leader, a NotLeader hint, or else the answer of a round of Status calls to every node.
 */
import type { StatusResponse } from '../../../proto/gen/txlog.js';
import { statusFromProto } from './codec.js';
import type { NodePool } from './node-pool.js';
import type { ClientSettings } from './settings.js';

export class LeaderTracker {
  private known: string | undefined;
  /** The discovery round in progress, shared by everyone who needs a leader meanwhile. */
  private round: Promise<string | undefined> | undefined;

  constructor(
    private readonly pool: NodePool,
    private readonly settings: ClientSettings,
  ) {}

  /** The address believed to be the leader's, if any. */
  get current(): string | undefined {
    return this.known;
  }

  /** The known leader, or else one discovery round (undefined when no node is or names a leader). */
  find(deadline: number): Promise<string | undefined> {
    if (this.known !== undefined) return Promise.resolve(this.known);
    this.round ??= this.discover(deadline).finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** A call to `address` failed without an answer: it may no longer be the leader. */
  failed(address: string): void {
    if (this.known === address) this.known = undefined;
  }

  /** `address` answered NotLeader with `hint` ('' for none). Returns true when the hint names another usable node. */
  notLeader(address: string, hint: string): boolean {
    if (this.known === address) this.known = undefined;
    if (hint === '' || hint === address || !this.pool.admits(hint)) return false;
    this.known = hint;
    return true;
  }

  /**
   * Asks every configured node's Status at once. The first node that says it is the leader wins;
   * else, once all have answered or timed out, the leader address named by the node with the
   * highest term.
   */
  private discover(deadline: number): Promise<string | undefined> {
    const { scheduler, attemptTimeoutMs } = this.settings;
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, deadline - scheduler.now()));
    return new Promise((resolve) => {
      let pending = this.pool.configured.length;
      let hint: { term: number; address: string } | undefined;
      let done = false;
      const settle = (address: string | undefined): void => {
        done = true;
        if (address !== undefined) this.known = address;
        resolve(address);
      };
      for (const address of this.pool.configured) {
        void this.pool.unary<StatusResponse>(scheduler, timeoutMs, (callback) => this.pool.stub(address).status({}, callback)).then((result) => {
          if (done) return;
          if (result.ok) {
            try {
              const status = statusFromProto(result.value);
              if (status.role === 'leader') {
                settle(address);
                return;
              }
              const named = status.leaderAddress;
              if (named !== '' && this.pool.admits(named) && (hint === undefined || status.term > hint.term)) hint = { term: status.term, address: named };
            } catch {
              // A malformed Status names no leader.
            }
          }
          pending--;
          if (pending === 0) settle(hint?.address);
        });
      }
    });
  }
}
