/**
 * Limits of the transaction log, in one place, each named with its unit and saying why.
 * The core takes them through its config so the simulator can shrink them.
 */
export const txlogLimits = {
  /** Ticks of the driver's clock. One tick is tickMs of real time. */
  tickMs: 50,
  /** Followers start an election after a random timeout in [electionTicks, 2*electionTicks): 0.5-1 s. */
  electionTicks: 10,
  /** The leader sends heartbeats every heartbeatTicks (50 ms). */
  heartbeatTicks: 1,
  /** Largest one append message to a follower, in entry bytes (always at least one entry). */
  messageBytesMax: 1024 * 1024,
  /** Entry bytes sent to one follower and not yet acknowledged (flow control). */
  inflightBytesMax: 16 * 1024 * 1024,
  /** Append messages to one follower not yet acknowledged. */
  inflightMessagesMax: 256,
  /** Proposed and not yet committed entry bytes the leader accepts before refusing proposals. */
  uncommittedBytesMax: 256 * 1024 * 1024,
  /** One record's payload (a write's effects). Larger writes are refused with a clear error. */
  recordBytesMax: 64 * 1024 * 1024,
  /** One Append request's records together. */
  batchBytesMax: 64 * 1024 * 1024,
  /** Records in one Append request. */
  batchRecordsMax: 100_000,
  /** Append requests of one client waiting at the leader (proposed, not yet answered). */
  clientInflightAppendsMax: 1024,
  /** Clients whose last request the state machine remembers for deduplicating retries. */
  dedupClientsMax: 10_000,
  /** Committed entries handed to the state machine per driver turn. */
  applyEntriesPerTurnMax: 4096,
  /** Entries sent per Tail response message. */
  tailBatchEntriesMax: 1024,
  /** Bytes sent per Tail response message (at least one entry). */
  tailBatchBytesMax: 4 * 1024 * 1024,
} as const;

export type TxlogLimits = typeof txlogLimits;
