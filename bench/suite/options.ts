/** The suite's command line: parsed and checked once, then frozen. */
import { keysFull, keysQuick, leaseMsDefault, openLoopRateFraction } from './limits.js';
import type { SystemId } from './results.js';

export const systemIds: readonly SystemId[] = ['cairn', 'redis-wait', 'redis-aof', 'redis', 'etcd'];

export const usage = `usage: npm run bench -- [options]     (or: cairn bench [options])

Starts cairn's local cluster and, in the same run, Redis 7 without persistence, Redis 7 with
appendfsync always, a Redis primary with two replicas and WAIT 2 0 after each write, and a
three-node etcd (each skipped with a note when its binary is missing), measures them all on
loopback, writes bench/results/<date>-<label>.json and the report beside it.

options:
  --quick           SET and GET only, 1 and 50 clients, pipeline 1, ${keysQuick} keys, short windows (about 3 minutes)
  --label L         the results file's label (default: quick or full)
  --keys N          keys the workloads spread over (default ${keysFull}, ${keysQuick} with --quick)
  --lease-ms MS     the cairn servers' primary lease (default ${leaseMsDefault}, cairn server's default)
  --open-fraction F open-loop runs offer F times the closed-loop throughput measured just before (default ${openLoopRateFraction})
  --systems A,B     only these systems (${systemIds.join(', ')})
  --plan            print the plan and its estimated duration, then exit
  --help            this text
`;

export interface SuiteOptions {
  readonly mode: 'quick' | 'full';
  readonly label: string;
  readonly keys: number;
  readonly leaseMs: number;
  /** Open-loop runs offer this fraction of the closed-loop throughput measured just before them. */
  readonly openFraction: number;
  readonly systems: readonly SystemId[];
  readonly planOnly: boolean;
}

export type ParsedOptions = { readonly kind: 'run'; readonly options: SuiteOptions } | { readonly kind: 'help' } | { readonly kind: 'error'; readonly message: string };

function isSystemId(name: string): name is SystemId {
  return (systemIds as readonly string[]).includes(name);
}

/** The options in `args` (the suite's arguments, without node and the script). */
export function parseOptions(args: readonly string[]): ParsedOptions {
  let quick = false;
  let planOnly = false;
  let label: string | null = null;
  let keys: number | null = null;
  let leaseMs = leaseMsDefault;
  let openFraction = openLoopRateFraction;
  let systems: readonly SystemId[] = systemIds;
  for (let index = 0; index < args.length; index++) {
    const name = args[index];
    const value = args[index + 1];
    const takesValue = name === '--label' || name === '--keys' || name === '--lease-ms' || name === '--open-fraction' || name === '--systems';
    if (takesValue && value === undefined) return { kind: 'error', message: `${name} needs a value` };
    switch (name) {
      case '--quick':
        quick = true;
        break;
      case '--plan':
        planOnly = true;
        break;
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--label':
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(value ?? '')) return { kind: 'error', message: '--label takes 1 to 64 letters, digits, dots, dashes or underscores' };
        label = value ?? null;
        index++;
        break;
      case '--keys':
        keys = Number(value);
        if (!Number.isInteger(keys) || keys < 1000 || keys > 100_000_000) return { kind: 'error', message: '--keys takes a whole number from 1000 to 100000000' };
        index++;
        break;
      case '--lease-ms':
        leaseMs = Number(value);
        if (!Number.isInteger(leaseMs) || leaseMs < 100 || leaseMs > 600_000) return { kind: 'error', message: '--lease-ms takes a whole number from 100 to 600000' };
        index++;
        break;
      case '--open-fraction':
        openFraction = Number(value);
        if (!(openFraction >= 0.05 && openFraction <= 1)) return { kind: 'error', message: '--open-fraction takes a number from 0.05 to 1' };
        index++;
        break;
      case '--systems': {
        const names = (value ?? '').split(',').filter((part) => part !== '');
        const unknown = names.filter((part) => !isSystemId(part));
        if (names.length === 0 || unknown.length > 0) return { kind: 'error', message: `--systems takes a list of ${systemIds.join(', ')}` };
        systems = systemIds.filter((id) => names.includes(id));
        index++;
        break;
      }
      default:
        return { kind: 'error', message: `unknown option '${name}'` };
    }
  }
  const mode = quick ? 'quick' : 'full';
  return { kind: 'run', options: Object.freeze({ mode, label: label ?? mode, keys: keys ?? (quick ? keysQuick : keysFull), leaseMs, openFraction, systems, planOnly }) };
}
