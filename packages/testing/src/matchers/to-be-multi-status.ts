import { validateEntry } from '@multistatus/core';
import { formatOf } from '../internal/body-format';
import { matcherError } from '../internal/matcher-error';
import { type ResponseInfo, readReceived } from '../internal/read-response';
import type { MatcherContextLike, MatcherResult, ParsedMultiStatus } from '../types';

const MAX_BODY = 400;

/** What is wrong with the entries (and a JSON summary), one line each; empty when nothing is. */
function bodyProblems(result: ParsedMultiStatus, format: ResponseInfo['format']): string[] {
  const problems: string[] = [];
  result.entries.forEach((entry, i) => {
    try {
      validateEntry(entry);
    } catch (error) {
      problems.push(`entry ${i}: ${(error as Error).message}`);
    }
  });
  const { summary } = result;
  if (format === 'json' && summary === undefined)
    problems.push('the JSON body has no summary { total, succeeded, failed }');
  if (summary !== undefined) {
    if (summary.total !== result.entries.length) {
      problems.push(`summary.total is ${summary.total} but the body has ${result.entries.length} responses`);
    }
    if (summary.succeeded + summary.failed > summary.total) {
      problems.push(
        `summary.succeeded + summary.failed is ${summary.succeeded + summary.failed}, more than total ${summary.total}`,
      );
    }
  }
  return problems;
}

function responseProblems(response: ResponseInfo): string[] {
  const problems: string[] = [];
  if (response.status !== 207) problems.push(`the status is ${response.status}, not 207`);
  if (formatOf(response.contentType, undefined) === undefined) {
    const type = response.contentType === undefined ? 'missing' : JSON.stringify(response.contentType);
    problems.push(`the content type is ${type}, not an XML or JSON media type`);
  }
  // RFC 4918 §13.1: Location with Multi-Status is intentionally undefined, so a 207 must not carry one.
  if (response.location !== undefined)
    problems.push(
      `it has a Location header (${JSON.stringify(response.location)}), which a 207 must not carry (RFC 4918 §13.1)`,
    );
  return problems;
}

function excerpt(text: string | undefined): string {
  if (text === undefined || text.length === 0) return '';
  return `\n\nBody:\n${text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}...` : text}`;
}

/**
 * Passes when the received response is a correct 207: status 207, no `Location` header (RFC 4918 §13.1),
 * and a well-formed multistatus body, XML or JSON, whose entries follow the entry model (and whose JSON
 * summary agrees with its responses). Given a parsed result, checks its entries.
 *
 * @example
 * expect(await request(app).post('/batch').send(ops).parse(multiStatusParser)).toBeMultiStatus();
 */
export function toBeMultiStatus(this: MatcherContextLike, received: unknown): MatcherResult {
  const { isNot, promise } = this;
  const { matcherHint, printReceived } = this.utils;
  const hint = matcherHint('toBeMultiStatus', undefined, '', { isNot, promise });
  const read = readReceived(received);
  if (read.kind === 'unknown') {
    throw matcherError(
      hint,
      'received value must be a response (supertest or fetch-like: status, headers, text, body) or a parsed multistatus ({ entries })',
      `Received: ${printReceived(received)}`,
    );
  }
  const { response } = read;
  const problems = response === undefined ? [] : responseProblems(response);
  if (read.kind === 'unread' && problems.length === 0) {
    throw matcherError(hint, `received response cannot be checked: ${read.problem}`);
  }
  if (read.kind === 'invalid') problems.push(`the body is not a multistatus: ${read.problem}`);
  if (read.kind === 'parsed') problems.push(...bodyProblems(read.result, response?.format));
  const pass = problems.length === 0;
  const what =
    response === undefined ? 'a well-formed multistatus' : 'a 207 Multi-Status response with a well-formed body';
  const count = read.kind === 'parsed' ? `${read.result.entries.length} entries` : '';
  const message = (): string =>
    pass
      ? `${hint}\n\nExpected not ${what}\nReceived: ${response === undefined ? '' : 'status 207, '}${count}`
      : `${hint}\n\nExpected ${what}\nReceived:\n${problems.map((p) => `  - ${p}`).join('\n')}${excerpt(response?.text)}`;
  return { pass, message };
}
