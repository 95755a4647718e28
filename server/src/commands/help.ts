/** The HELP subcommand's reply, laid out as Redis's addReplyHelp does. */
import { type Reply, Status } from '../resp/reply.js';

export function helpReply(container: string, lines: readonly string[]): Reply {
  return [
    new Status(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`),
    ...lines.map((line) => new Status(line)),
    new Status('HELP'),
    new Status('    Prints this help.'),
  ];
}
