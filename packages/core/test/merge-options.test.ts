import { mergeMultiStatusOptions } from '@multistatus/core';

describe('mergeMultiStatusOptions(defaults, call)', () => {
  it('lets the call override the defaults, option by option', () => {
    expect(mergeMultiStatusOptions({ format: 'xml', invalidChars: 'strip' }, { format: 'json' })).toEqual({
      format: 'json',
      invalidChars: 'strip',
    });
  });
  it('merges namespace maps by prefix, the call winning for a prefix both give', () => {
    expect(
      mergeMultiStatusOptions({ namespaces: { E: 'urn:e', F: 'urn:f1' } }, { namespaces: { F: 'urn:f2', G: 'urn:g' } })
        .namespaces,
    ).toEqual({ E: 'urn:e', F: 'urn:f2', G: 'urn:g' });
  });
  it('returns a copy of the defaults without a call, never the defaults object itself', () => {
    const defaults = { description: 'd' };
    const merged = mergeMultiStatusOptions(defaults, undefined);
    expect(merged).toEqual(defaults);
    expect(merged).not.toBe(defaults);
  });
});
