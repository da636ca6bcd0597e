import { CloseCode } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { connectionVerdict, needsVerdict, VERDICT_INTERVAL_MS } from './connection-verdict.js'
import { type CollabStatus, initialStatus } from './save-status.js'

const status = (patch: Partial<CollabStatus>): CollabStatus => ({ ...initialStatus, ...patch })

describe('why a connection failed', () => {
  it('reads the API’s answer', () => {
    expect(connectionVerdict(401)).toEqual({ message: 'Økten er utløpt – logg inn igjen', signIn: true })
    expect(connectionVerdict(404)?.message).toBe('Dokumentet finnes ikke eller du har ikke tilgang')
    expect(connectionVerdict(404)?.signIn).toBe(false)
  })

  it('leaves reconnecting on when the API can reach the document or the server is away', () => {
    expect(connectionVerdict(200)).toBeNull()
    expect(connectionVerdict(503)).toBeNull()
    expect(connectionVerdict(null)).toBeNull()
  })
})

describe('when to ask the API', () => {
  const refused = status({ connection: 'disconnected', closeCode: 1006, refusals: 1 })

  it('asks on the first refused attempt, then at most every interval', () => {
    expect(needsVerdict(refused, null, 0)).toBe(true)
    expect(needsVerdict({ ...refused, refusals: 2 }, 1000, 1000 + VERDICT_INTERVAL_MS - 1)).toBe(false)
    expect(needsVerdict({ ...refused, refusals: 5 }, 1000, 1000 + VERDICT_INTERVAL_MS)).toBe(true)
  })

  it('does not ask for a connection that opened and dropped, or one that is fine', () => {
    expect(needsVerdict(status({ connection: 'disconnected', closeCode: 1006 }), null, 0)).toBe(false)
    expect(needsVerdict(status({ connection: 'connected' }), null, 0)).toBe(false)
  })

  it('asks once the server closed for good', () => {
    const closed = status({ connection: 'closed', closeCode: CloseCode.Unauthorized })
    expect(needsVerdict(closed, null, 0)).toBe(true)
    expect(needsVerdict(status({ connection: 'closed', closeCode: CloseCode.RoomFull }), null, 0)).toBe(false)
  })
})
