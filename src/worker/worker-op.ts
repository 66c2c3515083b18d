/**
 * The OP a service worker runs: restored from storage at start, installed or replaced by a
 * page's `configure`, saved after every change, its requests logged and announced to pages.
 */
import type { RequestHandler } from 'msw'
import { randomId } from '../internal/random.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import { CHANNEL, ISSUER_PARAM, type BroadcastMessage, type ConfigureResult, type WorkerConfiguration, type WorkerInfo } from '../protocol/messages.js'
import { isOriginAllowed, originRefusal } from '../protocol/origins.js'
import type { Server } from '../msw/server.js'
import type { OPState } from '../store/state.js'
import { armedFaults, watchFaults, type ArmedFault } from '../add-ons/faults/armed.js'
import { VERSION } from '../version.js'
import { EventLog } from './event-log.js'
import { answerApp } from './app-fetch.js'
import { OpSlot } from './op-slot.js'
import { Saver, type OPStorage } from './persistence.js'
import { buildServer, sameConfiguration } from './reconfigure.js'

/** The OP as installed, with what it was built from. */
export interface RunningOp {
  op: Server
  /** The app's handlers first (one may stand in for an OP endpoint), then the OP's, built once. */
  handlers: RequestHandler[]
  configuration: WorkerConfiguration
  /** Whether the configuration lets the worker serve on its origin. */
  allowed: boolean
  /** Drops the subscriptions to the OP. */
  stop(): void
}

/** What a {@link WorkerOp} is built with. */
export interface WorkerOpOptions {
  /** The issuer the worker serves, and the worker's origin. */
  issuer: string
  origin: string
  storage: OPStorage
  /** The app's MSW handlers, tried before the OP's. */
  appHandlers: RequestHandler[]
  /** How many requests the log keeps. */
  eventLog: number
}

/** The OP of one run of the worker, and what carries it across runs. */
export class WorkerOp {
  readonly issuer: string
  readonly origin: string
  readonly bootId = randomId()
  readonly startedAt = Date.now()
  readonly slot = new OpSlot<RunningOp>()
  readonly log: EventLog
  readonly saver: Saver
  /** Settles once the saved OP, if any, is restored. */
  readonly booted: Promise<void>
  readonly #options: WorkerOpOptions
  readonly #channel = new BroadcastChannel(CHANNEL)
  /** Whether the worker may serve here before a configuration names other origins. */
  readonly #loopback: boolean
  #restored = false
  #refusalLogged = false
  #saveScheduled = false

  constructor(options: WorkerOpOptions) {
    this.#options = options
    this.issuer = options.issuer
    this.origin = options.origin
    this.#loopback = isOriginAllowed(options.origin, undefined)
    this.log = new EventLog(options.eventLog, options.issuer, this.bootId)
    this.saver = new Saver(
      options.storage,
      () => {
        const running = this.slot.occupant
        return running && { issuer: this.issuer, configuration: running.configuration, state: liveState(running.op), faults: faultsOf(running.op), events: this.log.events, seq: this.log.seq }
      },
      (state) => this.#broadcast({ type: 'state', issuer: this.issuer, bootId: this.bootId, state }),
    )
    this.booted = this.#boot()
  }

  /** Whether the worker may serve on its origin now. */
  get allowed(): boolean {
    return this.slot.occupant?.allowed ?? this.#loopback
  }

  /** The OP, for an admin call; throws when no page configured one yet. */
  op(): Server {
    const running = this.slot.occupant
    if (!running) throw new Error(`the worker for ${this.issuer} has no configuration yet: call startWorker() first`)
    return running.op
  }

  /** What the worker says about itself. */
  info(): WorkerInfo {
    const { issuer, bootId, startedAt } = this
    return { version: VERSION, issuer, bootId, startedAt, configured: this.slot.occupant !== undefined, restored: this.#restored, allowed: this.allowed }
  }

  /** Says once, in the worker's console, why it does not serve on this origin. */
  refuse(): void {
    if (this.#refusalLogged) return
    this.#refusalLogged = true
    console.error(originRefusal(this.origin))
  }

  /** Admits a page that holds the configuration the worker runs (after a restart); throws otherwise. */
  attach(configuration: WorkerConfiguration): WorkerInfo {
    const running = this.slot.occupant
    if (!running || !sameConfiguration(running.configuration, configuration)) {
      throw new Error('attach refused: the worker runs another configuration than this page sent; call startWorker() again')
    }
    return this.info()
  }

  /** Checks a page's configuration and applies it, once the answers in progress are done. */
  async configure(configuration: WorkerConfiguration): Promise<ConfigureResult> {
    if (configuration === null || typeof configuration !== 'object') throw new TypeError('configure: the configuration must be an object')
    if (configuration.issuer !== this.issuer) {
      const wanted = String(configuration.issuer)
      throw new Error(`this worker serves the issuer ${this.issuer}, not ${wanted}: register it with ?${ISSUER_PARAM}=${encodeURIComponent(wanted)}`)
    }
    if (configuration.sessionBinding !== undefined && configuration.sessionBinding !== 'agent') {
      throw new ConfigurationError('sessionBinding', "must be 'agent' in a service worker: a worker never sees the browser's cookies, so its login session is worker state")
    }
    if (!isOriginAllowed(this.origin, configuration.allowedOrigins)) {
      this.slot.install(undefined)
      await this.#options.storage.remove(this.issuer)
      this.refuse()
      throw new Error(originRefusal(this.origin))
    }
    let outcome: ConfigureResult['outcome'] = 'unchanged'
    await this.slot.replace(
      (current) => {
        if (current && sameConfiguration(current.configuration, configuration)) return undefined
        outcome = current ? 'updated' : 'created'
        // The old OP is dropped: the new one takes its state as it is (`load` copies it).
        return (previous) => this.#run(buildServer(configuration, previous && { configuration: previous.configuration, state: liveState(previous.op) }), configuration, true)
      },
      () => this.saver.save(),
    )
    return { ...this.info(), outcome }
  }

  async #boot(): Promise<void> {
    try {
      const saved = await this.#options.storage.read(this.issuer)
      if (saved?.configuration && saved.state) {
        this.log.restore(saved)
        const op = buildServer(saved.configuration, { configuration: saved.configuration, state: saved.state })
        faultsOf(op).push(...(saved.faults ?? []))
        this.slot.install(this.#run(op, saved.configuration, false))
        this.#restored = true
        if (!this.allowed) this.refuse()
      }
    } catch (error) {
      console.error('[msw-oidc-provider] could not restore the OP saved in IndexedDB; it starts empty', error)
    }
    this.#broadcast({ type: 'started', issuer: this.issuer, bootId: this.bootId, startedAt: this.startedAt, restored: this.#restored })
  }

  /** Starts logging and saving `op`. */
  #run(op: Server, configuration: WorkerConfiguration, dirty: boolean): RunningOp {
    const stopEvents = op.subscribe((event) => {
      const message = this.log.record(event)
      if (this.log.keeps) this.saver.markDirty(false)
      this.#broadcast(message)
    })
    const changed = (): void => {
      this.saver.markDirty()
      // Changes outside a request (keys generated in the background) are saved soon. A request
      // saves its own changes before it answers: a change made while one is in progress waits
      // for that save rather than writing the state half-way through the request.
      if (this.#saveScheduled) return
      this.#saveScheduled = true
      setTimeout(() => {
        this.#saveScheduled = false
        void this.slot.idle().then(() => this.saver.save())
      }, 0)
    }
    const stopStore = op.store.subscribe(changed)
    // Armed faults are saved as the state is, so that a restarted worker still fails the next request.
    const stopFaults = watchFaults(op.serverGet('endpoint_context'), changed)
    if (dirty) this.saver.markDirty()
    // The OP's requests out (a request_uri, a jwks_uri, back-channel logout): the app's handlers first, then the network.
    op.outboundFetch = (request) => answerApp(this.#options.appHandlers, request)
    return {
      op,
      handlers: [...this.#options.appHandlers, ...op.handlers],
      configuration,
      allowed: isOriginAllowed(this.origin, configuration.allowedOrigins),
      stop: () => {
        stopEvents()
        stopStore()
        stopFaults()
      },
    }
  }

  #broadcast(message: BroadcastMessage): void {
    this.#channel.postMessage(message)
  }
}

/**
 * The OP's state as it is, without a copy: what is saved (IndexedDB copies it as it writes) and
 * broadcast (`postMessage` copies it) needs none, and a copy per request would clone every record.
 */
function liveState(op: Server): OPState {
  const { revision: _revision, ...state } = op.store.getState()
  return state
}

/** The faults armed on `op`, live: saved beside its state, not in it (they are not state). */
function faultsOf(op: Server): ArmedFault[] {
  return armedFaults(op.serverGet('endpoint_context'))
}
