import { type ErrorCode, ErrorCodes, MultiStatusError } from '../../errors';

/** A 400 for a batch that breaks a rule; the message is shown to the client, so it says what is wrong. */
export function invalidBatch(message: string, code: ErrorCode = ErrorCodes.BATCH_INVALID): MultiStatusError {
  return new MultiStatusError(code, message, { status: 400 });
}

/** A 413 for a batch over a limit, raised before any item runs. */
export function batchTooLarge(message: string): MultiStatusError {
  return new MultiStatusError(ErrorCodes.BATCH_TOO_LARGE, message, { status: 413 });
}
