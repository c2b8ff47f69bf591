// The public surface of @multistatus/core, as a list you can read.

export type { BatchProblem } from './batch/batch-problem';
export { batchProblem, PROBLEM_CONTENT_TYPE } from './batch/batch-problem';
export type { RequestListener } from './batch/dispatch-request';
export type { ReadBatchBodyOptions } from './batch/read-batch-body';
export { readBatchBody } from './batch/read-batch-body';
export type { BatchCredential, BatchOptions, ResolvedBatchOptions } from './batch/resolve-batch-options';
export { DEFAULT_RESPONSE_HEADERS, resolveBatchOptions } from './batch/resolve-batch-options';
export type { BatchContext, RunBatchOptions } from './batch/run-batch';
export { runBatch } from './batch/run-batch';
export type { BatchEntry } from './batch/to-batch-entry';
export { MultiStatusCollector } from './collector';
export { el } from './el';
export { encodeHref } from './encode-href';
export { entryFromError } from './entry-from-error';
export type { ErrorCode } from './errors';
export { ErrorCodes, MultiStatusError, MultiStatusParseError } from './errors';
export type { HeaderHookTarget } from './exclude-location';
export { excludeLocation } from './exclude-location';
export { iterateMultiStatus } from './iterate-multistatus';
export { mergeMultiStatusOptions } from './merge-options';
export { negotiateFormat } from './negotiate-format';
export type { MultiStatusDocument } from './parse-multistatus';
export { parseMultiStatus, parseMultiStatusSync } from './parse-multistatus';
export type { ParseInput, ParseLimits, ParseOptions } from './parse-options';
export { MULTISTATUS_ITERATE_LIMITS, MULTISTATUS_PARSE_LIMITS, REQUEST_BODY_PARSE_LIMITS } from './parse-options';
export type { PropfindRequest } from './parse-propfind';
export { parsePropfind } from './parse-propfind';
export type { ProppatchInstruction } from './parse-proppatch';
export { parseProppatch } from './parse-proppatch';
export type {
  CommitOptions,
  EntryProducer,
  MultiStatusEntries,
  MultiStatusOptions,
  PreparedMultiStatus,
  PrepareOptions,
} from './prepare-multistatus';
export { prepareMultiStatus } from './prepare-multistatus';
export type { MultiStatusPreferences, RequestHeaders } from './read-preferences';
export { readPreferences } from './read-preferences';
export { renderMultiStatus } from './render-multistatus';
export type { Serializer } from './serialize';
export { createSerializer } from './serialize';
export type { ChunkOptions } from './serialize-chunks';
export { serializeChunks } from './serialize-chunks';
export type { SettleContext, SettleOptions, SettleResult, SettleWorker } from './settle';
export { settle } from './settle';
export { reasonPhrase, statusLine } from './status-line';
export type { StreamOptions } from './stream-multistatus';
export { streamMultiStatus } from './stream-multistatus';
export type {
  Entry,
  EntryBase,
  EntrySource,
  InvalidCharsPolicy,
  MultiStatusFormat,
  PropStat,
  PropStatEntry,
  PropValue,
  SerializeOptions,
  StatusEntry,
  SyncEntrySource,
  XmlElement,
  XmlValue,
} from './types';
export { isRedirect, validateEntry } from './validate-entry';
export type { MultiStatusResponse, WriteOptions } from './write-multistatus';
export { writeMultiStatus } from './write-multistatus';
