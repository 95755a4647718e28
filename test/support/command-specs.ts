/** Checking a family's command specs against a real Redis 7.0's COMMAND INFO and COMMAND DOCS. */
import { expect } from 'vitest';
import type { CommandSpec } from '../../server/src/commands/spec.js';
import { CommandTable } from '../../server/src/commands/table.js';
import { plain, type RespClient } from './resp-client.js';

/**
 * Every spec's name, arity, flags, key positions, ACL categories and tips equal Redis's COMMAND
 * INFO, and its summary, since, group and complexity Redis's COMMAND DOCS. `redisArity` maps the
 * arity Redis reports where cairn follows a later Redis on purpose.
 */
export async function expectSpecsAgreeWithRedis(redis: RespClient, specs: readonly CommandSpec[], redisArity: (spec: CommandSpec, arity: number) => number = (_, arity) => arity): Promise<void> {
  for (const spec of specs) {
    const info = plain(await redis.call('COMMAND', 'INFO', spec.name)) as unknown[][];
    const [name, arity, flags, firstKey, lastKey, keyStep, categories, tips] = info[0] as [string, number, string[], number, number, number, string[], string[]];
    expect({ name, arity: redisArity(spec, arity), flags, firstKey, lastKey, keyStep, categories, tips }, spec.name).toEqual({
      name: spec.name,
      arity: spec.arity,
      flags: CommandTable.flags(spec),
      firstKey: spec.firstKey,
      lastKey: spec.lastKey,
      keyStep: spec.keyStep,
      categories: CommandTable.categories(spec),
      tips: [...(spec.tips ?? [])],
    });
    const docs = plain(await redis.call('COMMAND', 'DOCS', spec.name)) as [string, unknown[]];
    const fields = docs[1];
    const doc: Record<string, unknown> = {};
    for (let index = 0; index + 1 < fields.length; index += 2) doc[String(fields[index])] = fields[index + 1];
    expect({ summary: doc.summary, since: doc.since, group: doc.group, complexity: doc.complexity }, spec.name).toEqual({
      summary: spec.summary,
      since: spec.since,
      group: spec.group,
      complexity: spec.complexity,
    });
  }
}
