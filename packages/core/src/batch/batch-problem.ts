import { MultiStatusError, MultiStatusParseError } from '../errors';
import { reasonPhrase } from '../status-line';

/**
 * An RFC 9457 problem object, with the error's stable `code` as an extension member.
 *
 * @example
 * const problem: BatchProblem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: '...', code: 'ERR_MULTISTATUS_BATCH_INVALID' };
 */
export interface BatchProblem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: string;
}

/**
 * The media type of a problem object (RFC 9457 §3).
 *
 * @example
 * res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The problem object a batch endpoint answers for a refused batch (400, 413, 415), or `undefined` for any
 * other error, which is left to the app's error handling (and never shown to the client).
 *
 * @example
 * const problem = batchProblem(err);
 * if (problem) res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
 * else next(err);
 */
export function batchProblem(err: unknown): BatchProblem | undefined {
  if (!(err instanceof MultiStatusError || err instanceof MultiStatusParseError)) return undefined;
  if (!err.expose || err.status < 400 || err.status >= 500) return undefined;
  // RFC 9457 §4.2.1: with type about:blank, the title is the status's reason phrase.
  return {
    type: 'about:blank',
    title: reasonPhrase(err.status),
    status: err.status,
    detail: err.message,
    code: err.code,
  };
}
