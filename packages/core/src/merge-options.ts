import type { MultiStatusOptions } from './prepare-multistatus';

/**
 * Layers per-call options over app-level defaults, as both adapters do: a call's options win, and namespace
 * maps are merged by prefix so that a route can add a namespace to those the app registered.
 *
 * @example
 * mergeMultiStatusOptions({ namespaces: { E: 'urn:e' } }, { format: 'json', namespaces: { F: 'urn:f' } });
 * // { format: 'json', namespaces: { E: 'urn:e', F: 'urn:f' } }
 */
export function mergeMultiStatusOptions(
  defaults: MultiStatusOptions,
  call: MultiStatusOptions | undefined,
): MultiStatusOptions {
  if (call === undefined) return { ...defaults };
  const merged: MultiStatusOptions = { ...defaults, ...call };
  if (defaults.namespaces && call.namespaces) merged.namespaces = { ...defaults.namespaces, ...call.namespaces };
  return merged;
}
