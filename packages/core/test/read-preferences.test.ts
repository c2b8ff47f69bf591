import { readPreferences } from '@multistatus/core';

describe('readPreferences(headers)', () => {
  describe('when the client sends Prefer: return=minimal', () => {
    it('asks for a minimal body and acknowledges it through Preference-Applied', () => {
      expect(readPreferences({ prefer: 'return=minimal' })).toEqual({
        minimal: true,
        preferenceApplied: 'return=minimal',
      });
    });
    it('reads names and values case-insensitively', () => {
      expect(readPreferences({ prefer: 'RETURN=Minimal' }).minimal).toBe(true);
    });
    it('accepts a quoted value and spaces around "="', () => {
      expect(readPreferences({ prefer: 'return = "minimal"' }).minimal).toBe(true);
    });
    it('finds it among other preferences and ignores its parameters', () => {
      expect(readPreferences({ prefer: 'respond-async, wait=10; foo="a,b", return=minimal; x=y' }).minimal).toBe(true);
    });
    it('reads several Prefer header lines as one list', () => {
      expect(readPreferences({ prefer: ['handling=lenient', 'return=minimal'] }).minimal).toBe(true);
    });
    it('does not split on commas inside quoted strings', () => {
      expect(readPreferences({ prefer: 'foo="x, return=minimal"' }).minimal).toBe(false);
    });
  });

  describe('when Prefer names return more than once', () => {
    it('honours only the first (RFC 7240 §2)', () => {
      expect(readPreferences({ prefer: 'return=representation, return=minimal' }).minimal).toBe(false);
      expect(readPreferences({ prefer: 'return=minimal, return=representation' }).minimal).toBe(true);
    });
  });

  describe('when the client sends Brief', () => {
    it('asks for a minimal body with Brief: t, without Preference-Applied', () => {
      expect(readPreferences({ brief: 't' })).toEqual({ minimal: true });
      expect(readPreferences({ brief: ' T ' })).toEqual({ minimal: true });
    });
    it('does not with Brief: f or another value', () => {
      expect(readPreferences({ brief: 'f' })).toEqual({ minimal: false });
      expect(readPreferences({ brief: 'true' })).toEqual({ minimal: false });
    });
    it('lets a return preference in Prefer win over Brief', () => {
      expect(readPreferences({ prefer: 'return=representation', brief: 't' })).toEqual({ minimal: false });
      expect(readPreferences({ prefer: 'respond-async', brief: 't' })).toEqual({ minimal: true });
    });
  });

  describe('when neither header asks for it', () => {
    it('keeps the full body', () => {
      expect(readPreferences({})).toEqual({ minimal: false });
      expect(readPreferences({ prefer: 'return=representation' })).toEqual({ minimal: false });
      expect(readPreferences({ prefer: 'return' })).toEqual({ minimal: false });
      expect(readPreferences({ prefer: '' })).toEqual({ minimal: false });
    });
  });
});
