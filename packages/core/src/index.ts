// The public surface of @multistatus/core, as a list you can read.
export { ErrorCodes, MultiStatusError, MultiStatusParseError } from './errors';
export type { ErrorCode } from './errors';
export { validateEntry, isRedirect } from './validate-entry';
export { createSerializer } from './serialize';
export type { Serializer } from './serialize';
export { serializeChunks } from './serialize-chunks';
export { renderMultiStatus } from './render-multistatus';
export { streamMultiStatus } from './stream-multistatus';
export type { StreamOptions } from './stream-multistatus';
export { el } from './el';
export { encodeHref } from './encode-href';
export { statusLine, reasonPhrase } from './status-line';
export { negotiateFormat } from './negotiate-format';
export { readPreferences } from './read-preferences';
export type { MultiStatusPreferences, RequestHeaders } from './read-preferences';
export { prepareMultiStatus } from './prepare-multistatus';
export type {
  CommitOptions,
  EntryProducer,
  MultiStatusEntries,
  MultiStatusOptions,
  PreparedMultiStatus,
  PrepareOptions,
} from './prepare-multistatus';
export { writeMultiStatus } from './write-multistatus';
export type { MultiStatusResponse, WriteOptions } from './write-multistatus';
export { excludeLocation } from './exclude-location';
export type { HeaderHookTarget } from './exclude-location';
export { settle } from './settle';
export type { SettleContext, SettleOptions, SettleResult, SettleWorker } from './settle';
export { entryFromError } from './entry-from-error';
export { MultiStatusCollector } from './collector';
export { parseMultiStatus } from './parse-multistatus';
export type { MultiStatusDocument } from './parse-multistatus';
export { iterateMultiStatus } from './iterate-multistatus';
export { parsePropfind } from './parse-propfind';
export type { PropfindRequest } from './parse-propfind';
export { parseProppatch } from './parse-proppatch';
export type { ProppatchInstruction } from './parse-proppatch';
export type { ParseInput, ParseLimits, ParseOptions } from './parse-options';
export { MULTISTATUS_ITERATE_LIMITS, MULTISTATUS_PARSE_LIMITS, REQUEST_BODY_PARSE_LIMITS } from './parse-options';
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
export { runBatch } from './batch/run-batch';
export type { BatchContext, RunBatchOptions } from './batch/run-batch';
export { resolveBatchOptions, DEFAULT_RESPONSE_HEADERS } from './batch/resolve-batch-options';
export type { BatchCredential, BatchOptions, ResolvedBatchOptions } from './batch/resolve-batch-options';
export { readBatchBody } from './batch/read-batch-body';
export type { ReadBatchBodyOptions } from './batch/read-batch-body';
export { batchProblem, PROBLEM_CONTENT_TYPE } from './batch/batch-problem';
export type { BatchProblem } from './batch/batch-problem';
export type { BatchEntry } from './batch/to-batch-entry';
export type { RequestListener } from './batch/dispatch-request';
