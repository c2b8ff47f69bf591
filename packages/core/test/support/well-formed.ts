import { SaxesParser } from 'saxes';

/** Parses `xml` with saxes (strict, namespace-aware) and returns the element names seen, in Clark notation. */
export function elementNames(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const names: string[] = [];
  parser.on('opentag', (tag) => names.push(`{${tag.uri}}${tag.local}`));
  parser.write(xml).close();
  return names;
}
