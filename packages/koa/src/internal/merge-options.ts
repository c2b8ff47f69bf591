import type { MultiStatusOptions } from '../send-multi-status';

/**
 * Per-call options override the app-level ones; namespace maps are merged by prefix, so a route can add
 * a namespace to those the app registered.
 */
export function mergeOptions(defaults: MultiStatusOptions, call: MultiStatusOptions | undefined): MultiStatusOptions {
  if (call === undefined) return { ...defaults };
  const merged: MultiStatusOptions = { ...defaults, ...call };
  if (defaults.namespaces && call.namespaces) merged.namespaces = { ...defaults.namespaces, ...call.namespaces };
  return merged;
}
