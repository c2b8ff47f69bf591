// The public surface of @multistatus/koa, as a list you can read.

export type { BatchMiddlewareOptions } from './batch';
export { batch } from './batch';
export { multiStatus } from './multi-status';
export type { MultiStatusOptions, MultiStatusSource } from './send-multi-status';
export { sendMultiStatus } from './send-multi-status';
