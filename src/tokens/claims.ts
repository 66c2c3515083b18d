/** Merging hook-supplied claims under the protocol's own. */

/** `extra` claims first, then the protocol claims over them: a hook can add, never override. */
export function protocolFirst<T extends Record<string, unknown>>(extra: Record<string, unknown> | undefined, protocol: T): T {
  return extra ? { ...extra, ...protocol } : protocol
}
