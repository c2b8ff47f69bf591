import type { IncomingMessage } from 'node:http';

// A registered symbol, so two copies of the core in one process still recognise each other's sub-requests.
const SUB_REQUEST = Symbol.for('multistatus.batch.subRequest');

/** Marks a request created by the batch dispatcher, so a batch endpoint can refuse to run inside a batch. */
export function markSubRequest(req: IncomingMessage): void {
  (req as unknown as Record<symbol, boolean>)[SUB_REQUEST] = true;
}

/** Whether `req` is a sub-request of a batch (the nested-batch guard). */
export function isSubRequest(req: IncomingMessage): boolean {
  return (req as unknown as Record<symbol, boolean>)[SUB_REQUEST] === true;
}
