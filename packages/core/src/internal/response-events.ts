import type { MultiStatusResponse } from '../write-multistatus';

/** Resolves `true` when the response drains, `false` when it closes first; leaves no listener behind. */
export function waitForDrain(res: MultiStatusResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** Ends the response and resolves when it has finished or closed; leaves no listener behind. */
export function endAndWait(res: MultiStatusResponse, chunk?: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('finish', done);
      res.off('close', done);
      resolve();
    };
    res.once('finish', done);
    res.once('close', done);
    res.end(chunk);
  });
}
