/**
 * Effects: the deterministic commands that reproduce a write's change on another copy of the data
 * (relative TTLs made absolute, random choices made explicit, expiry as DEL). The durable path
 * logs exactly these; replicas and recovery apply them in order.
 */
export interface Effect {
  /** Database the command runs in (ignored by database-independent commands: FLUSHALL, SWAPDB). */
  readonly db: number;
  /** The command: name and arguments, binary strings. */
  readonly argv: readonly string[];
}
