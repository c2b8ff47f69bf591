import { parseMultiStatus } from '@multistatus/core';
import type { ParsedMultiStatus } from '../types';

/** Reads an XML multistatus body with core's parser (RFC 4918 §13, on `sax`, with its safe limits). */
export async function parseXml(body: Uint8Array | string): Promise<ParsedMultiStatus> {
  const { entries, description } = await parseMultiStatus(body);
  return description === undefined ? { entries } : { entries, description };
}
