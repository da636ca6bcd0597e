import { describe, expect, it } from 'vitest'
import type { AgendaItem, MeetingSummary } from '../../lib/meeting-api.js'
import {
  groupMeetings,
  isoFromLocal,
  localFromDate,
  mayRun,
  moved,
  nextItem,
  stepIndex,
} from './agenda-state.js'

const item = (id: string) => ({ id }) as AgendaItem
const items = [item('a'), item('b'), item('c')]
const meeting = (id: string, status: MeetingSummary['status'], startsAt: string) =>
  ({ id, status, startsAt }) as MeetingSummary

describe('agenda state', () => {
  it('groups meetings: open and upcoming soonest first, past latest first', () => {
    const groups = groupMeetings([
      meeting('p1', 'closed', '2026-01-01T10:00:00Z'),
      meeting('u2', 'planned', '2026-03-02T10:00:00Z'),
      meeting('o', 'open', '2026-02-01T10:00:00Z'),
      meeting('u1', 'planned', '2026-03-01T10:00:00Z'),
      meeting('p2', 'closed', '2026-01-05T10:00:00Z'),
    ])
    expect(groups.open.map((m) => m.id)).toEqual(['o'])
    expect(groups.upcoming.map((m) => m.id)).toEqual(['u1', 'u2'])
    expect(groups.past.map((m) => m.id)).toEqual(['p2', 'p1'])
  })

  it('the chair, the secretary and admins run a meeting; other editors do not', () => {
    const m = { chair: { id: 'c', name: 'C', party: 'politicians' as const }, secretary: null }
    expect(mayRun(m, 'c', 'editor')).toBe(true)
    expect(mayRun(m, 'x', 'admin')).toBe(true)
    expect(mayRun(m, 'x', 'editor')).toBe(false)
    expect(
      mayRun({ chair: null, secretary: { id: 's', name: 'S', party: 'employees' } }, 's', 'viewer'),
    ).toBe(true)
  })

  it('steps an item up or down, not past either end', () => {
    expect(stepIndex(items, 'b', -1)).toBe(0)
    expect(stepIndex(items, 'b', 1)).toBe(2)
    expect(stepIndex(items, 'a', -1)).toBeNull()
    expect(stepIndex(items, 'c', 1)).toBeNull()
    expect(stepIndex(items, 'x', 1)).toBeNull()
  })

  it('the next item follows the current one; the first when none; none after the last', () => {
    expect(nextItem(items, null)?.id).toBe('a')
    expect(nextItem(items, 'a')?.id).toBe('b')
    expect(nextItem(items, 'c')).toBeNull()
    expect(nextItem([], null)).toBeNull()
  })

  it('moves an item to an index, clamped', () => {
    expect(moved(items, 'a', 2).map((i) => i.id)).toEqual(['b', 'c', 'a'])
    expect(moved(items, 'c', 0).map((i) => i.id)).toEqual(['c', 'a', 'b'])
    expect(moved(items, 'b', 99).map((i) => i.id)).toEqual(['a', 'c', 'b'])
  })

  it('reads a local time field as an instant and back', () => {
    const date = new Date(2026, 11, 6, 9, 30)
    expect(isoFromLocal(localFromDate(date))).toBe(date.toISOString())
    expect(isoFromLocal('')).toBeUndefined()
    expect(isoFromLocal('tomorrow')).toBeUndefined()
  })
})
