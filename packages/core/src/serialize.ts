import { ErrorCodes, MultiStatusError } from './errors';
import { JsonSerializer } from './serialize-json';
import { type Serializer, XmlSerializer } from './serialize-xml';
import type { SerializeOptions } from './types';

const POLICIES = ['replace', 'strip', 'throw'];

/**
 * Creates the serialiser for one document in the format the options ask for (XML by default).
 *
 * @example
 * const s = createSerializer({ format: 'xml' });
 * const xml = s.head() + s.entry({ href: '/a', status: 200 }) + s.tail();
 */
export function createSerializer(options: SerializeOptions = {}): Serializer {
  if (options === null || typeof options !== 'object') {
    throw new MultiStatusError(ErrorCodes.INVALID_OPTION, `Invalid options: ${String(options)}; expected an object.`);
  }
  const { format = 'xml', invalidChars = 'replace', description } = options;
  if (format !== 'xml' && format !== 'json') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `Invalid format option: ${JSON.stringify(format)}; expected 'xml' or 'json'.`,
    );
  }
  if (!POLICIES.includes(invalidChars)) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `Invalid invalidChars option: ${JSON.stringify(invalidChars)}; expected 'replace', 'strip' or 'throw'.`,
    );
  }
  if (description !== undefined && typeof description !== 'string') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `Invalid description option: ${JSON.stringify(description)}; expected a string.`,
    );
  }
  return format === 'json' ? new JsonSerializer(options) : new XmlSerializer(options);
}

export type { Serializer };
