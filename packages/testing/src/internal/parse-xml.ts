import type { ParsedMultiStatus } from '../types';

/** Reads an XML multistatus body with core's parser. */
export async function parseXml(body: Uint8Array | string): Promise<ParsedMultiStatus> {
  throw new Error(`XML parsing is not wired yet (${body.length} bytes)`);
}
