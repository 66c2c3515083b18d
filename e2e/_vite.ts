/**
 * An app served by `vite dev` on a free port of 127.0.0.1, for the specs that open one (the fixture
 * app, the demo). No reload mid-test: HMR is off.
 *
 * ```ts
 * const app = await serveVite({ configFile: false, root })
 * await page.goto(app.origin)
 * await app.close()
 * ```
 */
import type { InlineConfig } from 'vite'

export interface ServedVite {
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  close(): Promise<void>
}

export async function serveVite(config: InlineConfig): Promise<ServedVite> {
  const { createServer } = await import('vite')
  const server = await createServer({
    logLevel: 'warn',
    clearScreen: false,
    ...config,
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false },
  })
  await server.listen()
  const address = server.httpServer?.address()
  if (!address || typeof address === 'string') throw new Error('Vite did not listen on a TCP port')
  return { origin: `http://127.0.0.1:${address.port}`, close: () => server.close() }
}
