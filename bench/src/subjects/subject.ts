/** What every subject of the bench provides, whatever it is. */
import type { BenchKeys } from '../keys.js'
import type { Target } from '../flow.js'

export type SubjectId = 'op-msw' | 'op-handle' | 'op-http' | 'oidc-provider' | 'oauth2-mock-server'

export interface StartOptions {
  /** Signing keys to use; without them each subject does what its own documentation shows. */
  keys?: BenchKeys
  /**
   * What signs the ID token (and this OP's JWT access tokens; oauth2-mock-server signs with the one
   * key it is given). Default RS256; the memory runs use ES256, which is faster to sign and keeps
   * the same records.
   */
  alg?: 'RS256' | 'ES256'
}

/** A started subject. */
export interface Running {
  target: Target
  /** Called before each stretch of measurement (the msw subject installs its handlers). */
  activate?: () => void
  /**
   * Called after each stretch of measurement: puts away what would weigh on the others while they
   * run (oidc-provider's AsyncLocalStorage, which turns on promise hooks for the whole process).
   */
  deactivate?: () => void
  /** Counts of the records the subject keeps per flow, where they can be read. */
  records?: () => Record<string, number>
  /** Empties one kind of record (`codes`, `tokens`, `grants`), for the heap per record; this OP only. */
  forget?: (kind: string) => void
  /** Moves the subject's clock forward, where it has one. */
  advance?: (seconds: number) => void
  close(): Promise<void>
}

export interface Subject {
  id: SubjectId
  label: string
  /** Builds the subject, makes it reachable, and answers one discovery request. */
  start(options: StartOptions): Promise<Running>
}
