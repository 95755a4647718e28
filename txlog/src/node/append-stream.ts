/**
 * The AppendStream call: unary Appends on one long-lived bidirectional stream, for latency (a
 * unary gRPC call costs about half a millisecond of set-up here; a message on an open stream a
 * tenth of that). Every request is decided exactly as a unary Append and gets exactly one answer
 * naming its (client_id, request_seq), written when its entry applies, so answers may overtake
 * each other. What a unary call would fail with is answered as `failed` with the same status.
 * While the client does not read answers the node stops reading requests (so a stream holds at
 * most what the node's in-flight limits admit plus one socket's worth). The call ends with OK once
 * the client half-closed it and every request was answered.
 */
import { status, type ServerDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { AppendRequest, AppendResponse } from '../../../proto/gen/txlog.js';
import type { TxlogNode } from './txlog-node.js';

/** Decides one append: the response, or the status a unary Append fails with. */
export type AppendHandler = (node: TxlogNode, request: AppendRequest) => Promise<AppendResponse | Partial<ServiceError>>;

/** A `failed` answer to `request`. */
function failedAnswer(request: AppendRequest, code: status, details: string): AppendResponse {
  return { result: { $case: 'failed', value: { code, details } }, clientId: request.clientId, requestSeq: request.requestSeq };
}

/** Serves one AppendStream call until the client half-closes it (and is answered) or it breaks. */
export function serveAppendStream(call: ServerDuplexStream<AppendRequest, AppendResponse>, nodeOf: () => TxlogNode | null, handle: AppendHandler): void {
  let unanswered = 0;
  let halfClosed = false;
  let over = false;
  let paused = false;

  const finishIfDone = (): void => {
    if (over || !halfClosed || unanswered > 0) return;
    over = true;
    call.end();
  };
  const respond = (response: AppendResponse): void => {
    unanswered--;
    if (over) return;
    const roomLeft = call.write(response);
    if (!roomLeft && !paused) {
      paused = true;
      call.pause();
      call.once('drain', () => {
        paused = false;
        if (!over) call.resume();
      });
    }
    finishIfDone();
  };

  call.on('data', (request: AppendRequest) => {
    unanswered++;
    const node = nodeOf();
    if (node === null) return respond(failedAnswer(request, status.UNAVAILABLE, 'the log node is starting'));
    handle(node, request).then(
      (answer) => respond('result' in answer ? answer : failedAnswer(request, answer.code ?? status.INTERNAL, answer.details ?? 'unknown failure')),
      (error: unknown) => respond(failedAnswer(request, status.INTERNAL, error instanceof Error ? error.message : String(error))),
    );
  });
  call.on('end', () => {
    halfClosed = true;
    finishIfDone();
  });
  const abandon = (): void => {
    over = true;
  };
  call.on('cancelled', abandon);
  call.on('error', abandon);
  call.on('close', abandon);
}
