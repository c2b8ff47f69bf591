// The public surface of @multistatus/koa (filled by its issue).
export {};
