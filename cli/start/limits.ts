/** The limits of `cairn start`, in one place (unit last: `...Ms`, `...Max`). */
export const startLimits = {
  /** The txlog nodes listen on the base port + this offset + (id - 1). */
  txlogPortOffset: 10_000,
  /** Three log nodes: the smallest cluster that survives the loss of one. */
  txlogNodes: 3,
  /** A primary and one replica. */
  serverNodes: 2,
  /** A child that has not printed its ready line by then is killed (and restarted). */
  readyTimeoutMs: 30_000,
  /** How long the replica's start waits for the first server to become primary before starting anyway. */
  primaryWaitMs: 30_000,
  /** ROLE is asked of every running server this often. */
  rolePollMs: 1000,
  /** One ROLE question gives up after this long (the server then counts as not answering). */
  roleTimeoutMs: 800,
  /** A ROLE reply longer than this is refused (it is a few short fields). */
  roleReplyBytesMax: 64 * 1024,
  /** The first restart of a dead child waits this long; each further restart within the window doubles it. */
  restartBackoffMsMin: 250,
  /** The backoff never grows beyond this. */
  restartBackoffMsMax: 5000,
  /** A child restarted this many times within restartWindowMs is given up on. */
  restartsMax: 5,
  /** The window restarts are counted in. */
  restartWindowMs: 60_000,
  /** After SIGTERM, children get this long to exit before SIGKILL. */
  stopTimeoutMs: 10_000,
  /** After SIGKILL, how long to wait for the exit to be reported. */
  killTimeoutMs: 3000,
  /** Lines of a child's stderr kept to say why it died. */
  stderrLinesKept: 20,
  /** A longer line of a child's output is cut to this many characters in messages. */
  lineCharsMax: 500,
  /** A child's log file is rotated (to NAME.log.1) when it grows beyond this. */
  logFileBytesMax: 64 * 1024 * 1024,
  /** cluster.json is not read when larger than this (it is a few hundred bytes). */
  clusterFileBytesMax: 1024 * 1024,
  /** A process's command line read from /proc is cut at this many bytes. */
  commandLineBytesMax: 64 * 1024,
} as const;
