/**
 * Loading a keyspace for benchmarks: keys `key:0`..`key:<count-1>` with random values of a given
 * size, in big MSETs (one log record each on cairn), several in flight, then one last key whose
 * value is a token: a node that reads the token back has everything written before it.
 */
import { randomBytes } from 'node:crypto';
import { Connection, RespError, type RespValue, command } from './resp-connection.js';

/** Keys per MSET while loading (one log record each on cairn). */
export const MSET_KEYS = 1000;
/** MSETs in flight while loading (one per connection). */
export const LOAD_CONNECTIONS = 4;
/** The key written after all the others. */
export const LAST_KEY = 'bench:last';

/** The name of the `index`th loaded key. */
export function loadedKey(index: number): string {
  return `key:${index}`;
}

/** A short text for a reply in an error message. */
export function describeReply(reply: RespValue): string {
  if (reply instanceof RespError) return `-${reply.message}`;
  const text = JSON.stringify(reply);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/**
 * Writes keys 0..count-1 (random values of valueBytes) to `port` in MSETs, then LAST_KEY = token;
 * `afterLast` (e.g. Redis's WAIT) is sent on the same connection after it. Resolves with the seconds taken.
 */
export async function loadKeys(port: number, count: number, valueBytes: number, token: string, afterLast: readonly string[] | null = null): Promise<number> {
  const started = performance.now();
  const connections = await Promise.all(Array.from({ length: LOAD_CONNECTIONS }, () => Connection.open(port)));
  const batches = Math.ceil(count / MSET_KEYS);
  let next = 0;
  try {
    await Promise.all(
      connections.map(async (connection) => {
        for (let batch = next++; batch < batches; batch = next++) {
          const first = batch * MSET_KEYS;
          const keys = Math.min(MSET_KEYS, count - first);
          const random = randomBytes(Math.ceil((keys * valueBytes * 3) / 4) + 3).toString('base64');
          const argv = ['MSET'];
          for (let index = 0; index < keys; index++) argv.push(loadedKey(first + index), random.slice(index * valueBytes, (index + 1) * valueBytes));
          const error = await connection.send(command(...argv), 1);
          if (error !== null) throw new Error(`MSET of keys ${first}..${first + keys - 1}: ${error}`);
        }
      }),
    );
    const last = connections[0];
    if (last === undefined) throw new Error('assertion: no loading connection');
    const reply = await last.call('SET', LAST_KEY, token);
    if (reply !== 'OK') throw new Error(`SET ${LAST_KEY} answered ${describeReply(reply)}`);
    if (afterLast !== null) {
      const after = await last.call(...afterLast);
      if (after instanceof RespError) throw new Error(`${afterLast.join(' ')} answered ${describeReply(after)}`);
    }
  } finally {
    for (const connection of connections) connection.close();
  }
  return (performance.now() - started) / 1000;
}
