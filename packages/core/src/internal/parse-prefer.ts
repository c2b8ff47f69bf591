// RFC 7240 §2:
//   Prefer     = 1#preference
//   preference = token [ BWS "=" BWS word ] *( OWS ";" [ OWS parameter ] )
//   parameter  = token [ BWS "=" BWS word ]
//   word       = token / quoted-string
// Commas and semicolons inside a quoted-string do not separate anything, so the header is split by hand.

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(word: string): string {
  if (word.length >= 2 && word.startsWith('"') && word.endsWith('"')) {
    // RFC 9110 §5.6.4: a quoted-pair stands for the character after the backslash.
    return word.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return word;
}

/**
 * Parses a `Prefer` field value into preference names (lower-cased) and values ('' when none). Parameters
 * are ignored: no preference this package honours has any. Only the first instance of a preference counts
 * (RFC 7240 §2).
 */
export function parsePrefer(value: string): Map<string, string> {
  const preferences = new Map<string, string>();
  for (const item of splitOutsideQuotes(value, ',')) {
    const head = splitOutsideQuotes(item, ';')[0] ?? '';
    const eq = head.indexOf('=');
    const name = (eq === -1 ? head : head.slice(0, eq)).trim().toLowerCase();
    if (name === '' || preferences.has(name)) continue;
    // RFC 7240 §2: an empty value is the same as no value at all.
    preferences.set(name, eq === -1 ? '' : unquote(head.slice(eq + 1).trim()));
  }
  return preferences;
}
