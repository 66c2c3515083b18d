/**
 * The app's own requests, as the worker answers them: by the app's MSW handlers, else (no
 * handler, or `passthrough()`) by the network. The OP's requests out (back-channel logout) go
 * this way too, so an app's handler can stand in for its RP backend.
 */
import { getResponse, type RequestHandler } from 'msw'

/** The header by which msw's `passthrough()` answers. */
const PASSTHROUGH_HEADER = 'x-msw-intention'

/** `request` answered by the app's `handlers`, else fetched from the network. */
export async function answerApp(handlers: RequestHandler[], request: Request): Promise<Response> {
  const response = await getResponse(handlers, request)
  return !response || isPassthrough(response) ? fetch(request) : response
}

/** Whether msw's `passthrough()` gave `response`. */
export function isPassthrough(response: Response): boolean {
  return response.status === 302 && response.headers.get(PASSTHROUGH_HEADER) === 'passthrough'
}
