/**
 * The package version, compiled into the worker script and into `startWorker`, so that a page can
 * tell a worker script left over from another release (`src/version.test.ts` keeps it equal to
 * package.json).
 */
export const VERSION = '0.1.0'
