/**
 * Persistence commands. cairn's durability is the transaction log; its snapshots are written by
 * the snapshotter, off the serving path (the server never forks or pauses). SAVE asks the
 * snapshotter for a snapshot through the log and replies once one that includes every write
 * acknowledged before it is verified and recorded; BGSAVE asks and replies at once; LASTSAVE is
 * the newest recorded snapshot's time (the server's start time before there is one).
 */
import { errors } from '../resp/errors.js';
import { type Reply, ReplySequence, Status } from '../resp/reply.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './spec.js';

const OK = new Status('OK');
const BACKGROUND_SAVING_STARTED = new Status('Background saving started');

/** SAVE's reply on a durable node: OK, or the error, written in when the snapshot is recorded (the reply is held until then). */
class LateSaveReply extends ReplySequence {
  constructor() {
    super([OK]);
  }

  fail(reply: Reply): void {
    this.replies[0] = reply;
  }
}

function save(ctx: CommandContext): Reply {
  const snapshots = ctx.server.snapshots;
  const gate = ctx.server.commitGate;
  if (snapshots === null || gate === null) return errors.noSnapshotsEphemeral;
  const reply = new LateSaveReply();
  const done = snapshots.request().then(
    () => undefined,
    (error: unknown) => reply.fail(errors.snapshotFailed(error instanceof Error ? error.message : String(error))),
  );
  gate.holdReply(reply, done);
  return reply;
}

function bgsave(ctx: CommandContext, argv: readonly string[]): Reply {
  if (argv.length > 2 || (argv.length === 2 && (argv[1] as string).toLowerCase() !== 'schedule')) return errors.syntax;
  const snapshots = ctx.server.snapshots;
  if (snapshots === null) return errors.noSnapshotsEphemeral;
  // The request is logged; the snapshotter answers it whenever it is written (nothing to wait for here).
  snapshots.request().catch(() => undefined);
  return BACKGROUND_SAVING_STARTED;
}

function lastsave(ctx: CommandContext): Reply {
  const latest = ctx.server.snapshots?.latest() ?? null;
  return latest === null ? ctx.server.lastSaveSeconds : Math.floor(latest.createdMs / 1000);
}

const persistence = { group: 'server', firstKey: 0, lastKey: 0, keyStep: 0 } as const;

/** Specs of SAVE, BGSAVE and LASTSAVE. */
export const persistenceCommands: readonly CommandSpec[] = [
  { ...persistence, name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], categories: [], summary: 'Synchronously save the dataset to disk', since: '1.0.0', complexity: 'O(N) where N is the total number of keys in all databases', handler: save },
  { ...persistence, name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], categories: [], summary: 'Asynchronously save the dataset to disk', since: '1.0.0', complexity: 'O(1)', handler: bgsave },
  { ...persistence, name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], categories: ['admin', 'dangerous'], summary: 'Get the UNIX time stamp of the last successful save to disk', since: '1.0.0', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: lastsave },
];
