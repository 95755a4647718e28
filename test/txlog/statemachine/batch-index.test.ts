import { describe, expect, it } from 'vitest';
import { BatchIndex, type RetainedBatch } from '../../../txlog/src/statemachine/batch-index.js';
import { seededRandom } from '../../support/executor.js';

describe('batch index writers', () => {
  it('every retained batch keeps its writer through runs, trims and the reclaiming of trimmed slots', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const random = seededRandom(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const index = new BatchIndex(1);
      /** The naive model: every batch ever added, and how many of them are trimmed. */
      const model: RetainedBatch[] = [];
      let trimmed = 0;
      const seqs = [0n, 0n, 0n];
      let nextId = 1;
      for (let raftIndex = 1; raftIndex <= 6000; raftIndex++) {
        // Mostly one writer pipelining (long runs), sometimes others in between, sometimes a skipped seq.
        const writer = random() < 0.8 ? 0 : 1 + pick(2);
        seqs[writer] = (seqs[writer] as bigint) + (random() < 0.05 ? 2n : 1n);
        const count = 1 + pick(3);
        const batch: RetainedBatch = [raftIndex, nextId, BigInt(writer + 10), seqs[writer] as bigint];
        index.add(raftIndex, nextId, count, { clientId: batch[2], requestSeq: batch[3] });
        model.push(batch);
        nextId += count;
        if (random() < 0.05) {
          const below = nextId - pick(20);
          index.trimBelow(below);
          while (trimmed < model.length && ((model[trimmed + 1]?.[1] ?? nextId) as number) <= below) trimmed++;
          expect([...index.retained()], `seed ${seed} at ${raftIndex}`).toEqual(model.slice(trimmed));
          const first = model[trimmed];
          if (first !== undefined) expect(index.holding(first[1]), `seed ${seed} at ${raftIndex}`).toMatchObject({ clientId: first[2], requestSeq: first[3] });
        }
      }
      for (const [position, batch] of model.entries()) {
        const held = index.holding(batch[1]);
        if (position < trimmed) expect(held, `seed ${seed} batch ${position}`).toBeUndefined();
        else expect(held, `seed ${seed} batch ${position}`).toMatchObject({ raftIndex: batch[0], firstId: batch[1], clientId: batch[2], requestSeq: batch[3] });
      }
      expect(trimmed, `seed ${seed}: the trims reclaimed slots`).toBeGreaterThan(2048);
    }
  });

  it('a record inside a batch is held by that batch, and ids beyond the chain by none', () => {
    const index = new BatchIndex(1);
    index.add(3, 1, 4, { clientId: 5n, requestSeq: 1n });
    index.add(4, 5, 1, { clientId: 5n, requestSeq: 2n });
    expect(index.holding(3)).toEqual({ raftIndex: 3, firstId: 1, count: 4, clientId: 5n, requestSeq: 1n });
    expect(index.holding(5)).toEqual({ raftIndex: 4, firstId: 5, count: 1, clientId: 5n, requestSeq: 2n });
    expect(index.holding(6)).toBeUndefined();
  });
});
