import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { RoomRegistry } from './room-registry.js'
import { DocumentStatusSync } from './status-sync.js'

describe('document status sync', () => {
  it('applies reads in the order they were asked for, so an older read never undoes a lock', async () => {
    const applied: string[] = []
    const registry = { setDocumentStatus: (_id: string, status: string) => applied.push(status) }
    // The first read (a rename's, before the round) answers after the second (the lock's) was asked.
    let answerFirst: (status: 'draft') => void = () => {}
    const answers = [
      new Promise<'draft'>((resolve) => {
        answerFirst = resolve
      }),
      Promise.resolve('in_review' as const),
    ]
    let reads = 0
    const sync = new DocumentStatusSync(
      registry as unknown as RoomRegistry,
      () => answers[reads++]!,
      pino({ level: 'silent' }),
    )
    const renamed = sync.sync('doc')
    const locked = sync.sync('doc')
    answerFirst('draft')
    await Promise.all([renamed, locked])
    expect(applied).toEqual(['draft', 'in_review'])
    expect(sync.pending).toBe(0)
  })

  it('rejects the caller when the read fails, and goes on with the next', async () => {
    const applied: string[] = []
    const registry = { setDocumentStatus: (_id: string, status: string) => applied.push(status) }
    let first = true
    const sync = new DocumentStatusSync(
      registry as unknown as RoomRegistry,
      async () => {
        if (first) {
          first = false
          throw new Error('database down')
        }
        return 'final'
      },
      pino({ level: 'silent' }),
    )
    await expect(sync.sync('doc')).rejects.toThrow('database down')
    await sync.sync('doc')
    expect(applied).toEqual(['final'])
  })
})
