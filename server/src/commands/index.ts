/** The full command table: every family's specs in one place. */
import { bitmapCommands } from './bitmaps.js';
import { clientCommands } from './client.js';
import { configCommands } from './config.js';
import { connectionCommands } from './connection.js';
import { geoCommands } from './geo.js';
import { hashCommands } from './hashes.js';
import { hyperloglogCommands } from './hyperloglog.js';
import { infoCommands } from './info.js';
import { introspectionCommands } from './introspection.js';
import { keyCommands } from './keys.js';
import { listCommands } from './lists.js';
import { pubsubCommands } from './pubsub.js';
import { replicationCommands } from './replication.js';
import { persistenceCommands } from './persistence.js';
import { serverCommands } from './server-admin.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
import { sortedSetCommands } from './sorted-sets.js';
import type { CommandSpec } from './spec.js';
import { streamCommands } from './streams.js';
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
  ...listCommands,
  ...hashCommands,
  ...setCommands,
  ...sortedSetCommands,
  ...streamCommands,
  ...hyperloglogCommands,
  ...geoCommands,
  ...sortCommands,
  ...serverCommands,
  ...persistenceCommands,
  ...infoCommands,
  ...configCommands,
  ...introspectionCommands,
  ...replicationCommands,
];

export function buildCommandTable(): CommandTable {
  return new CommandTable(allCommandSpecs);
}
