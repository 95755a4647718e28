/** The full command table: every family's specs in one place. */
import { bitmapCommands } from './bitmaps.js';
import { clientCommands } from './client.js';
import { configCommands } from './config.js';
import { connectionCommands } from './connection.js';
import { infoCommands } from './info.js';
import { introspectionCommands } from './introspection.js';
import { keyCommands } from './keys.js';
import { pubsubCommands } from './pubsub.js';
import { replicationCommands } from './replication.js';
import { serverCommands } from './server-admin.js';
import type { CommandSpec } from './spec.js';
import { stringCommands } from './strings.js';
import { CommandTable } from './table.js';
import { transactionCommands } from './transactions.js';

export const allCommandSpecs: readonly CommandSpec[] = [
  ...connectionCommands,
  ...clientCommands,
  ...transactionCommands,
  ...pubsubCommands,
  ...keyCommands,
  ...stringCommands,
  ...bitmapCommands,
  ...serverCommands,
  ...infoCommands,
  ...configCommands,
  ...introspectionCommands,
  ...replicationCommands,
];

export function buildCommandTable(): CommandTable {
  return new CommandTable(allCommandSpecs);
}
