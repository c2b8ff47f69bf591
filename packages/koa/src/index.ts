// The public surface of @multistatus/koa (filled by its issue).
export {};
export { batch } from './batch';
export type { BatchMiddlewareOptions } from './batch';
