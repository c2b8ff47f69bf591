// The public surface of @multistatus/express (filled by its issue).
export {};
export { batch } from './batch';
export type { BatchMiddlewareOptions } from './batch';
