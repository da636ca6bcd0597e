/**
 * A server-sent event stream read as a browser's EventSource would, into a list of events, until
 * it ends or the test closes it: a workspace's (`openStream`, as a member) or any other, such as a
 * public draft page's `/live` (`readEventStream`, no cookie).
 */
import { type Actor, type World, waitFor } from '@trepart/server/test-support'
import { expect } from 'vitest'

export interface Stream {
  events: Array<{ event: string; data: unknown }>
  ended: Promise<void>
  close(): void
}

/** Reads a workspace's SSE stream into events until it ends or `close()`. */
export function openStream(world: World, actor: Actor): Promise<Stream> {
  return readEventStream(`${world.baseUrl}/api/workspaces/${world.workspaceId}/events`, {
    cookie: actor.cookie,
  })
}

/** Reads the SSE stream at `url` (which must answer 200) into events until it ends or `close()`. */
export async function readEventStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const controller = new AbortController()
  const res = await fetch(url, { headers, signal: controller.signal })
  expect(res.status).toBe(200)
  const events: Stream['events'] = []
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const ended = (async () => {
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let cut = buffer.indexOf('\n\n')
        while (cut >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event && data) events.push({ event, data: JSON.parse(data) })
          cut = buffer.indexOf('\n\n')
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  await waitFor(() => events.some((e) => e.event === 'ready'))
  return { events, ended, close: () => controller.abort() }
}
