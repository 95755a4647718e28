/**
 * The commands of the Raft scenario files, run against a ScenarioCluster:
 *
 *   add-nodes N [election=10] [heartbeat=1] [message-bytes=1048576]
 *   campaign ID                 start an election now (skips PreVote, like etcd's campaign)
 *   propose ID DATA
 *   tick ID [count]             tick-election ID / tick-heartbeat ID tick a full timeout
 *   deliver-msgs [ID...] [drop=ID,...] [quiet]   deliver what is pending (to ID... only, if given)
 *   stabilize [quiet]           deliver until nothing is pending (quiet: counts instead of messages)
 *   pending                     list the messages waiting for delivery
 *   isolate ID / cut FROM TO / heal
 *   crash ID / restart ID
 *   compact ID INDEX
 *   status / log ID / applied ID
 *
 * Every command's output ends with the role changes it caused ("2 is leader at term 3").
 */
import type { NodeId } from '../../../txlog/src/core/types.js';
import type { Argument, TestCase } from './datadriven.js';
import { ScenarioCluster } from './scenario-cluster.js';

/** Runs scenario commands against one cluster (created by add-nodes). */
export class ScenarioRunner {
  private cluster: ScenarioCluster | null = null;

  /** Run one case and return its output. */
  async run(testCase: TestCase): Promise<string> {
    const lines = this.dispatch(testCase.command, testCase.args);
    const events = this.cluster?.takeEvents() ?? [];
    return [...lines, ...events].join('\n') || 'ok';
  }

  private dispatch(command: string, args: readonly Argument[]): string[] {
    if (command === 'add-nodes') {
      this.cluster = new ScenarioCluster(positiveInt(positional(args, 0)), {
        electionTicks: namedInt(args, 'election', 10),
        heartbeatTicks: namedInt(args, 'heartbeat', 1),
        messageBytesMax: namedInt(args, 'message-bytes', 1024 * 1024),
      });
      return [];
    }
    const cluster = this.cluster;
    if (cluster === null) throw new Error('add-nodes first');
    switch (command) {
      case 'campaign':
        cluster.raft(nodeId(args, 0)).campaign();
        cluster.processReadies();
        return [];
      case 'propose':
        return [cluster.propose(nodeId(args, 0), positional(args, 1))];
      case 'tick':
        cluster.tick(nodeId(args, 0), args.length > 1 ? positiveInt(positional(args, 1)) : 1);
        return [];
      case 'tick-election':
        cluster.tick(nodeId(args, 0), cluster.electionTicks);
        return [];
      case 'tick-heartbeat':
        cluster.tick(nodeId(args, 0), cluster.heartbeatTicks);
        return [];
      case 'deliver-msgs':
        return cluster.deliver(positionalIds(args), namedIds(args, 'drop'), hasFlag(args, 'quiet'));
      case 'stabilize':
        return cluster.stabilize(hasFlag(args, 'quiet'));
      case 'pending':
        return cluster.pendingMessages();
      default:
        return this.dispatchFaultsAndViews(cluster, command, args);
    }
  }

  private dispatchFaultsAndViews(cluster: ScenarioCluster, command: string, args: readonly Argument[]): string[] {
    switch (command) {
      case 'isolate':
        cluster.isolate(nodeId(args, 0));
        return [];
      case 'cut':
        cluster.cut(nodeId(args, 0), nodeId(args, 1));
        return [];
      case 'heal':
        cluster.heal();
        return [];
      case 'crash':
        cluster.crash(nodeId(args, 0));
        return [];
      case 'restart':
        cluster.restart(nodeId(args, 0));
        return [];
      case 'compact':
        return [cluster.compact(nodeId(args, 0), positiveInt(positional(args, 1)))];
      case 'status':
        return cluster.status();
      case 'log':
        return cluster.log(nodeId(args, 0));
      case 'applied':
        return [cluster.applied(nodeId(args, 0))];
      default:
        throw new Error(`unknown command ${command}`);
    }
  }
}

function positional(args: readonly Argument[], position: number): string {
  const plain = args.filter((arg) => arg.values.length === 0);
  const arg = plain[position];
  if (arg === undefined) throw new Error(`missing argument ${position + 1}`);
  return arg.key;
}

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${text} is not a positive integer`);
  return value;
}

function nodeId(args: readonly Argument[], position: number): NodeId {
  return positiveInt(positional(args, position));
}

function positionalIds(args: readonly Argument[]): NodeId[] {
  return args.filter((arg) => arg.values.length === 0 && arg.key !== 'quiet').map((arg) => positiveInt(arg.key));
}

function hasFlag(args: readonly Argument[], flag: string): boolean {
  return args.some((arg) => arg.key === flag && arg.values.length === 0);
}

function namedIds(args: readonly Argument[], key: string): NodeId[] {
  return (args.find((arg) => arg.key === key)?.values ?? []).map(positiveInt);
}

function namedInt(args: readonly Argument[], key: string, fallback: number): number {
  const value = args.find((arg) => arg.key === key)?.values[0];
  return value === undefined ? fallback : positiveInt(value);
}
