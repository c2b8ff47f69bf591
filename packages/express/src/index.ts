// The public surface of @multistatus/express (filled by its issue).
export {};
