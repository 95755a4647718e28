/**
 * Load for one run: every client sends batches of `pipeline` operations, one batch in flight per
 * client, for a warm-up (not recorded) and then a measurement window, on the same connections.
 *
 * - closed loop: a client sends its next batch when the previous one is answered; latency runs
 *   from the send to the batch's last reply.
 * - open loop at a fixed rate (wrk2's way): client i's batch n is due at start + offset_i + n·T;
 *   it is sent at its due time, or as soon as the previous one is answered if that is later, and
 *   its latency runs from the due time (coordinated omission corrected). Batches still unsent
 *   when the window closes are recorded as late by at least (close − due), not as operations.
 *   One timer serves all clients and has about 1 ms of granularity: a batch may leave up to
 *   ~1 ms after it is due, and that delay is in its latency.
 *
 * Every operation of a batch is recorded with the batch's latency. `operations` counts answered
 * operations sent within the window (error replies included); throughput is the successful ones
 * per second, over the window up to the last reply of a batch sent within it.
 */
import { LatencyRecorder } from './latency-recorder.js';
import { batchesPerClientMax, runGraceMs } from './limits.js';
import type { LatencyPercentiles } from './results.js';

/** One client of one system: a connection that sends one batch at a time. */
export interface LoadClient {
  /** Sends one batch of the run's operations; resolves with how many were answered with an error. Rejects when the client broke. */
  sendBatch(): Promise<number>;
  close(): void;
}

export interface LoadRun {
  readonly clients: readonly LoadClient[];
  readonly pipeline: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** null: closed loop; otherwise the offered rate, operations per second of all clients together. */
  readonly rate: number | null;
}

export interface LoadOutcome {
  readonly operations: number;
  readonly errors: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly latencyMs: LatencyPercentiles;
  /** Why a client stopped early (its connection broke, or the run was cut off), or null. */
  readonly failure: string | null;
}

export async function runLoad(load: LoadRun): Promise<LoadOutcome> {
  if (load.clients.length === 0 || load.pipeline < 1) throw new Error('assertion: a run needs clients and a pipeline of at least 1');
  if (load.rate !== null && !(load.rate > 0)) throw new Error(`assertion: an open-loop rate must be positive, not ${load.rate}`);
  const recorder = new LatencyRecorder();
  const started = performance.now();
  const measureFrom = started + load.warmupMs;
  const measureTo = measureFrom + load.measureMs;
  let operations = 0;
  let errors = 0;
  let lastReplyAt = measureFrom;
  let failure: string | null = null;

  const answered = (fromMs: number, doneMs: number, failed: number) => {
    if (fromMs < measureFrom || fromMs >= measureTo) return;
    recorder.record(doneMs - fromMs, load.pipeline);
    operations += load.pipeline;
    errors += failed;
    lastReplyAt = Math.max(lastReplyAt, doneMs);
  };

  const closedLoop = async (client: LoadClient) => {
    for (let batch = 0; batch < batchesPerClientMax; batch++) {
      const sentAt = performance.now();
      if (sentAt >= measureTo) return;
      const failed = await client.sendBatch();
      answered(sentAt, performance.now(), failed);
    }
  };

  /**
   * The open loop of all clients at once: one timer, set for the earliest due batch of the idle
   * clients; a client whose next batch is already due when a reply arrives sends it at once.
   */
  const openLoop = (rate: number) =>
    new Promise<void>((resolve) => {
      const intervalMs = (1000 * load.clients.length * load.pipeline) / rate;
      const states = load.clients.map((client, index) => ({ client, offsetMs: (index * intervalMs) / load.clients.length, batch: 0, busy: false, done: false }));
      type State = (typeof states)[number];
      const dueAt = (state: State, batch = state.batch) => started + state.offsetMs + batch * intervalMs;
      let timer: NodeJS.Timeout | null = null;
      let timerAt = Infinity;
      let active = states.length;
      const finish = (state: State, now: number) => {
        state.done = true;
        active--;
        // The backlog this client could not send in time: each due batch in the window is late by at least now - due.
        for (let late = state.batch; late < batchesPerClientMax && now >= measureTo; late++) {
          const lateDueAt = dueAt(state, late);
          if (lateDueAt >= measureTo) break;
          if (lateDueAt >= measureFrom) recorder.record(now - lateDueAt, load.pipeline);
        }
        if (active === 0) {
          if (timer !== null) clearTimeout(timer);
          resolve();
        }
      };
      const send = (state: State, due: number) => {
        state.busy = true;
        state.batch++;
        state.client.sendBatch().then(
          (failed) => {
            answered(due, performance.now(), failed);
            state.busy = false;
            consider(state, performance.now());
          },
          (error: unknown) => {
            failure ??= cutOff ? `cut off ${runGraceMs} ms after the window closed` : error instanceof Error ? error.message : String(error);
            state.busy = false;
            finish(state, performance.now());
          },
        );
      };
      /** Sends `state`'s next batch if it is due, finishes it past the window, or makes sure the timer wakes it. */
      const consider = (state: State, now: number) => {
        const due = dueAt(state);
        if (due >= measureTo || now >= measureTo || state.batch >= batchesPerClientMax) return finish(state, now);
        if (due <= now) return send(state, due);
        if (due < timerAt) arm(due, now);
      };
      const arm = (at: number, now: number) => {
        if (timer !== null) clearTimeout(timer);
        timerAt = at;
        timer = setTimeout(wake, Math.max(0, at - now));
      };
      const wake = () => {
        timer = null;
        timerAt = Infinity;
        const now = performance.now();
        for (const state of states) if (!state.busy && !state.done) consider(state, now);
      };
      wake();
    });

  let cutOff = false;
  const cutoffTimer = setTimeout(() => {
    cutOff = true;
    for (const client of load.clients) client.close();
  }, load.warmupMs + load.measureMs + runGraceMs);
  try {
    if (load.rate !== null) {
      await openLoop(load.rate);
    } else {
      await Promise.all(
        load.clients.map(async (client) => {
          try {
            await closedLoop(client);
          } catch (error) {
            failure ??= cutOff ? `cut off ${runGraceMs} ms after the window closed` : error instanceof Error ? error.message : String(error);
          }
        }),
      );
    }
  } finally {
    clearTimeout(cutoffTimer);
  }
  const seconds = Math.max(lastReplyAt - measureFrom, 1) / 1000;
  const latencyMs = recorder.percentiles();
  recorder.destroy();
  return { operations, errors, seconds, throughput: (operations - errors) / seconds, latencyMs, failure };
}
