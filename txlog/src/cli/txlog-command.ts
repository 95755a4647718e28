/** `cairn txlog ...`: run a log node, or `cairn txlog status` to look at a running cluster. */
import { runNodeCommand } from './node-command.js';
import { runStatusCommand } from './status-command.js';

/** Dispatch `cairn txlog` arguments; resolves with the exit code. */
export function runTxlogCommand(args: readonly string[]): Promise<number> {
  if (args[0] === 'status') return runStatusCommand(args.slice(1));
  return runNodeCommand(args);
}
