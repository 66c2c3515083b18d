/** The subjects, loaded on demand so that a child process loads only the one it measures. */
import type { Subject, SubjectId } from './subject.js'

export const SUBJECT_IDS: SubjectId[] = ['op-msw', 'op-handle', 'op-http', 'oidc-provider', 'oauth2-mock-server']

export async function loadSubject(id: SubjectId): Promise<Subject> {
  switch (id) {
    case 'op-msw':
      return (await import('./op-msw.js')).opMsw
    case 'op-handle':
      return (await import('./op-handle.js')).opHandle
    case 'op-http':
      return (await import('./op-http.js')).opHttp
    case 'oidc-provider':
      return (await import('./oidc-provider.js')).oidcProvider
    case 'oauth2-mock-server':
      return (await import('./oauth2-mock-server.js')).oauth2MockServer
  }
}
