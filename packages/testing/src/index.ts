// The public surface of @multistatus/testing (filled by its issue).
export {};
