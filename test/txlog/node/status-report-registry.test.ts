/**
 * `cairn txlog status` JSON and the snapshot registry: `snapshots` (newest first, snake_case
 * fields) and `snapshot_request_seq` from the leader, null when no node answered, and every field
 * the report had before kept as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clusterReport, type StatusAnswer } from '../../../txlog/src/cli/status-command.js';
import { snapshotInfo } from '../statemachine/registry-commands.js';
import { Cluster, data, until } from './cluster.js';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

describe('cairn txlog status report with the snapshot registry', () => {
  it('reports the leader’s registry, newest first, and the highest request seq, beside the fields it had', async () => {
    const three = (cluster = await Cluster.start(3));
    const leader = await three.leader();
    await three.append(leader, { clientId: 1n, requestSeq: 1n, expectedPrevId: 0n, records: data('a', 'b') });
    const client = three.client(leader);
    await new Promise((resolve, reject) => client.requestSnapshot({}, (error, response) => (error === null ? resolve(response) : reject(error))));
    for (const recordId of [1, 2]) {
      await new Promise((resolve, reject) =>
        client.recordSnapshot(snapshotInfo(recordId, { answersRequestSeq: 1n }), (error, response) => (error === null ? resolve(response) : reject(error))),
      );
    }
    await Promise.all(three.voters.map((id) => until([three.node(id)], () => three.node(id).stateMachine.snapshots.length === 2, `node ${id} applies the registry`)));
    const answers: StatusAnswer[] = [];
    for (const id of three.voters) answers.push({ address: three.addresses.get(id) as string, status: await three.status(id) });
    const report = clusterReport(answers);
    expect(Object.keys(report)).toEqual(['leader', 'term', 'nodes', 'last_accepted_id', 'first_retained_id', 'lease', 'snapshots', 'snapshot_request_seq']);
    expect(report.leader).toBe(leader);
    expect(report.last_accepted_id).toBe(2);
    expect(report.snapshots).toEqual([
      { record_id: 2, location: '/var/lib/cairn/snapshots/snapshot-2.cairn', size_bytes: 1002, key_count: 20, digest: 'digest-2', created_ms: 1_700_000_000_002, answers_request_seq: 1 },
      { record_id: 1, location: '/var/lib/cairn/snapshots/snapshot-1.cairn', size_bytes: 1001, key_count: 10, digest: 'digest-1', created_ms: 1_700_000_000_001, answers_request_seq: 1 },
    ]);
    expect(report.snapshot_request_seq).toBe(1);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('has an empty registry on a fresh log, and null when no node answered', async () => {
    const three = (cluster = await Cluster.start(3));
    const leader = await three.leader();
    const report = clusterReport([{ address: three.addresses.get(leader) as string, status: await three.status(leader) }]);
    expect(report.snapshots).toEqual([]);
    expect(report.snapshot_request_seq).toBe(0);
    const nobody = clusterReport([{ address: '127.0.0.1:1', error: 'connection refused' }]);
    expect(nobody.snapshots).toBeNull();
    expect(nobody.snapshot_request_seq).toBeNull();
  });
});
