/**
 * Shared mode's bus: Redis pub/sub between instances, for server events (the `PubSub` topics) and
 * for documents (`DocumentFanout`: committed updates with their log positions, presence). Redis
 * delivers at most once, and nothing here pretends otherwise: events are delivered on this
 * instance in process as before (a Redis outage never stops them here), and what other instances
 * miss of a document they read from the database (the rooms' gap checks). After an outage the
 * `onReconnect` handlers run, so that rooms catch up and connections are checked again.
 *
 * Two connections, as Redis requires: one subscribed (it can run nothing else), one to publish.
 * Publishing never queues while Redis is away (the offline queue would grow with every keystroke):
 * such a publish is dropped and counted, and the database fills in.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { DocumentFanout, FanoutHandlers } from './document-fanout.js'
import { type AccessEvent, type DocumentEvent, InProcessPubSub, type PubSub, type Topic } from './pubsub.js'

export interface RedisBusOptions {
  url: string
  channelPrefix: string
  /** How long `join` waits for Redis to confirm a subscription before going on without it. */
  subscribeWaitMs?: number
}

const KIND_UPDATE = 1
const KIND_AWARENESS = 2
const KIND_AWARENESS_QUERY = 3
const INSTANCE_BYTES = 8
/** kind, instance id, then for updates: position and commit time as doubles. */
const HEADER_BYTES = 1 + INSTANCE_BYTES
const UPDATE_HEADER_BYTES = HEADER_BYTES + 16

/** A topic delivered here at once and to the other instances over Redis. */
class SharedTopic<E> implements Topic<E> {
  constructor(
    private readonly local: Topic<E>,
    private readonly send: (event: E) => void,
  ) {}

  publish(event: E): void {
    this.local.publish(event)
    this.send(event)
  }

  subscribe(handler: (event: E) => void): () => void {
    return this.local.subscribe(handler)
  }

  get subscriberCount(): number {
    return this.local.subscriberCount
  }
}

export interface BusStats {
  /** Publishes dropped because Redis was away. */
  droppedPublishes: number
  /** Times the subscriber came back after losing Redis. */
  reconnects: number
}

export class RedisBus implements DocumentFanout {
  readonly pubsub: PubSub
  readonly stats: BusStats = { droppedPublishes: 0, reconnects: 0 }
  private readonly instance = randomBytes(INSTANCE_BYTES)
  private readonly publisher: Redis
  private readonly subscriber: Redis
  private readonly local: InProcessPubSub
  private readonly documents = new Map<string, Set<FanoutHandlers>>()
  private readonly reconnectHandlers = new Set<() => void>()
  private readonly accessChannel: string
  private readonly documentsChannel: string
  private everReady = false
  /** Publishes dropped since the publisher was last ready. */
  private droppedSinceReady = 0
  private lostSinceReady = false
  private closed = false

  constructor(
    private readonly options: RedisBusOptions,
    private readonly log: Logger,
  ) {
    this.local = new InProcessPubSub((err, event) =>
      log.error({ err, event: (event as { type?: unknown })?.type }, 'event handler failed'),
    )
    const common = {
      lazyConnect: true,
      // Keep trying for as long as the process lives; at most every 2 s.
      retryStrategy: (times: number) => Math.min(2000, 50 * 2 ** Math.min(times, 6)),
    }
    // Named, so an operator (or a test) can tell the instances' connections apart in CLIENT LIST.
    const name = `${options.channelPrefix}-${process.pid}`
    this.publisher = new Redis(options.url, {
      ...common,
      connectionName: `${name}-pub`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    })
    this.subscriber = new Redis(options.url, {
      ...common,
      connectionName: `${name}-sub`,
      autoResubscribe: true,
    })
    this.accessChannel = `${options.channelPrefix}:access`
    this.documentsChannel = `${options.channelPrefix}:documents`
    this.pubsub = {
      access: new SharedTopic<AccessEvent>(this.local.access, (e) => this.sendEvent(this.accessChannel, e)),
      documents: new SharedTopic<DocumentEvent>(this.local.documents, (e) =>
        this.sendEvent(this.documentsChannel, e),
      ),
      get subscriberCount() {
        return this.access.subscriberCount + this.documents.subscriberCount
      },
    }
    // Errors are reported by the state changes below; without a listener ioredis would throw them.
    this.publisher.on('error', () => {})
    this.subscriber.on('error', (err: Error) => {
      if (!this.lostSinceReady) this.log.warn({ err: err.message }, 'redis unavailable; reconnecting')
    })
    this.subscriber.on('close', () => {
      if (this.everReady && !this.closed) this.lostSinceReady = true
    })
    this.subscriber.on('ready', () => {
      if (this.everReady && this.lostSinceReady) {
        this.lostSinceReady = false
        this.stats.reconnects++
        this.runReconnectHandlers('redis is back; catching up from the database')
      }
      this.everReady = true
    })
    // Publishes dropped while this instance's publisher was away (its subscriber may never have
    // noticed): once it is back, every instance is asked to catch up, access re-checks included,
    // since a dropped access event (a removal, a revoked session) must not be lost elsewhere.
    this.publisher.on('ready', () => {
      if (this.droppedSinceReady === 0) return
      this.droppedSinceReady = 0
      this.send(this.accessChannel, JSON.stringify({ from: this.instance.toString('hex'), resync: true }))
    })
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.received(channel, message))
  }

  /** Connects both connections and subscribes to the event channels; throws when Redis cannot be reached. */
  async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()])
    await this.subscriber.subscribe(this.accessChannel, this.documentsChannel)
  }

  /** Whether Redis answers (readiness). */
  async ping(): Promise<void> {
    await this.publisher.ping()
  }

  async join(documentId: string, handlers: FanoutHandlers): Promise<() => void> {
    let set = this.documents.get(documentId)
    const first = !set
    if (!set) {
      set = new Set()
      this.documents.set(documentId, set)
    }
    set.add(handlers)
    if (first) {
      const subscribed = this.subscriber.subscribe(this.documentChannel(documentId)).then(
        () => true,
        () => false,
      )
      let timer: NodeJS.Timeout | undefined
      const waited = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.options.subscribeWaitMs ?? 2000)
      })
      const ok = await Promise.race([subscribed, waited])
      clearTimeout(timer)
      if (!ok) this.log.warn({ documentId }, 'document channel not confirmed; the database check fills in')
    }
    return () => {
      const current = this.documents.get(documentId)
      if (!current?.delete(handlers) || current.size > 0) return
      this.documents.delete(documentId)
      this.subscriber.unsubscribe(this.documentChannel(documentId)).catch(() => {})
    }
  }

  publishUpdate(documentId: string, seq: number, update: Uint8Array): void {
    const frame = Buffer.allocUnsafe(UPDATE_HEADER_BYTES + update.byteLength)
    this.header(frame, KIND_UPDATE)
    frame.writeDoubleBE(seq, HEADER_BYTES)
    frame.writeDoubleBE(Date.now(), HEADER_BYTES + 8)
    frame.set(update, UPDATE_HEADER_BYTES)
    this.send(this.documentChannel(documentId), frame)
  }

  publishAwareness(documentId: string, update: Uint8Array): void {
    const frame = Buffer.allocUnsafe(HEADER_BYTES + update.byteLength)
    this.header(frame, KIND_AWARENESS)
    frame.set(update, HEADER_BYTES)
    this.send(this.documentChannel(documentId), frame)
  }

  queryAwareness(documentId: string): void {
    const frame = Buffer.allocUnsafe(HEADER_BYTES)
    this.header(frame, KIND_AWARENESS_QUERY)
    this.send(this.documentChannel(documentId), frame)
  }

  onReconnect(handler: () => void): () => void {
    const own = () => handler()
    this.reconnectHandlers.add(own)
    return () => this.reconnectHandlers.delete(own)
  }

  /** Document channels this instance listens to (leak checks). */
  get documentCount(): number {
    return this.documents.size
  }

  async close(): Promise<void> {
    this.closed = true
    this.documents.clear()
    this.reconnectHandlers.clear()
    this.publisher.disconnect()
    this.subscriber.disconnect()
  }

  private documentChannel(documentId: string): string {
    return `${this.options.channelPrefix}:doc:${documentId}`
  }

  private header(frame: Buffer, kind: number): void {
    frame[0] = kind
    this.instance.copy(frame, 1)
  }

  private send(channel: string, message: Buffer | string): void {
    if (this.publisher.status !== 'ready') {
      this.dropped()
      return
    }
    this.publisher.publish(channel, message).catch(() => this.dropped())
  }

  private dropped(): void {
    this.stats.droppedPublishes++
    this.droppedSinceReady++
  }

  private runReconnectHandlers(message: string): void {
    this.log.info(message)
    for (const handler of this.reconnectHandlers) {
      try {
        handler()
      } catch (error) {
        this.log.error({ err: error }, 'catching up after redis failed')
      }
    }
  }

  private sendEvent(channel: string, event: AccessEvent | DocumentEvent): void {
    this.send(channel, JSON.stringify({ from: this.instance.toString('hex'), event }))
  }

  private received(channelBytes: Buffer, message: Buffer): void {
    const channel = channelBytes.toString()
    try {
      if (channel === this.accessChannel || channel === this.documentsChannel) {
        const { from, event, resync } = JSON.parse(message.toString()) as {
          from: string
          event?: { type?: unknown }
          resync?: boolean
        }
        if (from === this.instance.toString('hex')) return
        if (resync) {
          // Another instance could not publish for a while: what it lost may concern us.
          this.runReconnectHandlers('another instance was cut off from redis; catching up')
          return
        }
        if (typeof event?.type !== 'string') throw new Error('event without a type')
        // Delivered to this instance's handlers as if published here (the handlers filter per recipient).
        if (channel === this.accessChannel) this.local.access.publish(event as AccessEvent)
        else this.local.documents.publish(event as DocumentEvent)
        return
      }
      if (message.byteLength < HEADER_BYTES || this.instance.equals(message.subarray(1, HEADER_BYTES))) return
      const documentId = channel.slice(`${this.options.channelPrefix}:doc:`.length)
      const handlers = this.documents.get(documentId)
      if (!handlers) return
      const kind = message[0]
      if (kind === KIND_UPDATE && message.byteLength > UPDATE_HEADER_BYTES) {
        const seq = message.readDoubleBE(HEADER_BYTES)
        const sentAt = message.readDoubleBE(HEADER_BYTES + 8)
        const update = new Uint8Array(message.subarray(UPDATE_HEADER_BYTES))
        for (const h of handlers) h.update(seq, update, sentAt)
      } else if (kind === KIND_AWARENESS) {
        const update = new Uint8Array(message.subarray(HEADER_BYTES))
        for (const h of handlers) h.awareness(update)
      } else if (kind === KIND_AWARENESS_QUERY) {
        for (const h of handlers) h.awarenessQuery()
      }
    } catch (error) {
      // Only other instances of this deployment publish here; a bad message is theirs to fix, not a crash here.
      this.log.error({ err: error, channel }, 'bad message on the bus; dropped')
    }
  }
}
