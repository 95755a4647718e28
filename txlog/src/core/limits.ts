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
  /**
   * A leader tells followers a new commit index with its next append. When none has gone out this
   * long after a commit, it sends the index on its own (ms): how late a follower, and a replica
   * tailing it, may learn of a commit on a quiet log.
   */
  commitFlushMs: 2,
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
  /** Clients whose latest requests the state machine remembers for deduplicating retries (each its last clientInflightAppendsMax). */
  dedupClientsMax: 10_000,
  /** Request results the state machine remembers, all clients together: bounds its memory and snapshots (a few MB). */
  dedupResultsMax: 1_048_576,
  /** Committed entries handed to the state machine per driver turn. */
  applyEntriesPerTurnMax: 4096,
  /** Entries sent per Tail response message. */
  tailBatchEntriesMax: 1024,
  /** Bytes sent per Tail response message (at least one entry). */
  tailBatchBytesMax: 4 * 1024 * 1024,
  /** How long opening a node's log file waits for another process (a node still stopping) to let go of it. */
  storeLockWaitMs: 2000,
  /** Raft messages queued for one peer; beyond it they are dropped and the peer reported unreachable (Raft resends). */
  peerQueueMessagesMax: 4096,
  /** Entry bytes queued for one peer (the same drop rule): a slow peer cannot grow the sender's memory. */
  peerQueueBytesMax: 64 * 1024 * 1024,
  /** First wait before reconnecting to a peer after a failure; doubles up to peerBackoffMsMax. */
  peerBackoffMsMin: 50,
  /** Longest wait between reconnection attempts: a restarted peer is reached within a second. */
  peerBackoffMsMax: 1000,
  /** A peer stream not confirmed by the peer within this time is abandoned and retried. */
  peerConnectMsMax: 2000,
  /** Keepalive ping interval and timeout on peer and client connections: a dead peer is noticed within ~2 s. */
  keepaliveMs: 1000,
  /** Messages received from peers and not yet stepped; beyond it they are dropped (Raft resends). */
  inboxMessagesMax: 16_384,
  /** One Raft entry's data (an encoded LogCommand): a full Append batch plus its per-record framing. */
  commandBytesMax: 64 * 1024 * 1024 + 4 * 1024 * 1024,
  /** Largest gRPC message in either direction: a Raft message of messageBytesMax plus one entry of commandBytesMax. */
  grpcMessageBytesMax: 70 * 1024 * 1024,
  /** Append requests waiting for their entry to apply, all clients together. */
  inflightAppendsMax: 65_536,
  /** Nodes in one log cluster: 3 or 5 in production, 1 to try things out; more only slows commits. */
  clusterNodesMax: 7,
  /** Longest lease a claim may ask for: replicas wait a full lease after the holder's last renewal before they may take over. */
  leaseDurationMsMax: 600_000,
  /** A lease holder's id or address, in UTF-8 bytes: they are kept in every snapshot and reported by Status. */
  leaseHolderBytesMax: 256,
  /** Claims and renewals one lease keeper has sent and not yet seen answered; older ones are forgotten (never counted). */
  leasePendingAttemptsMax: 64,
  /** Nodes one client keeps connections to: the configured 3 or 5 plus leader hints naming other addresses. */
  clientAddressesMax: 16,
  /** Record bytes one log writer holds waiting for a free request slot; beyond it append fails so the caller applies backpressure. */
  clientQueuedBytesMax: 256 * 1024 * 1024,
  /** Verified snapshots the log's registry keeps, newest first: the latest, and the one before it (kept until the next is verified). */
  snapshotRegistryEntriesMax: 2,
  /** A recorded snapshot's location (a path), in UTF-8 bytes: Linux's PATH_MAX; kept in every Raft snapshot and Status. */
  snapshotLocationBytesMax: 4096,
  /** A recorded snapshot's state digest as text, in UTF-8 bytes: room for a hex SHA-512 and a scheme name. */
  snapshotDigestBytesMax: 160,
} as const;

/** The limits as numbers (not their literal defaults), so tests and the simulator can pass smaller ones. */
export type TxlogLimits = { readonly [K in keyof typeof txlogLimits]: number };
