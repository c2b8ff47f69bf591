// The public surface of @multistatus/core, as a list you can read.
export { ErrorCodes, MultiStatusError, MultiStatusParseError } from './errors';
export type { ErrorCode } from './errors';
export { validateEntry, isRedirect } from './validate-entry';
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
