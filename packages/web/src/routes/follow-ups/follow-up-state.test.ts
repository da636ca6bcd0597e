import { describe, expect, it } from 'vitest'
import type { FollowUp } from '../../lib/follow-up-api.js'
import {
  addDays,
  decisionsOf,
  formatDueDay,
  parseDay,
  sortFollowUps,
  withFollowUp,
} from './follow-up-state.js'

const item = (id: string, dueDate: string, extra: Partial<FollowUp> = {}): FollowUp => ({
  id,
  workspaceId: 'w',
  document: { id: 'd1', title: 'Vedtak om turnus' },
  title: `Punkt ${id}`,
  party: 'administration',
  assignee: null,
  dueDate,
  status: 'not_started',
  overdue: false,
  createdBy: { id: 'u', name: 'Kari' },
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  notes: [],
  noteCount: 0,
  ...extra,
})

describe('follow-up items', () => {
  it('reads and adds calendar days without a zone', () => {
    expect(parseDay('2026-12-31')?.getDate()).toBe(31)
    expect(parseDay('31.12.2026')).toBeNull()
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
  })

  it('says a due day in each language', () => {
    expect(formatDueDay('2026-12-04', 'nb')).toBe('fredag 4. desember 2026')
    expect(formatDueDay('2026-12-04', 'nn')).toBe('fredag 4. desember 2026')
    expect(formatDueDay('2026-12-04', 'en')).toBe('Friday 4 December 2026')
  })

  it('puts the overdue first, then by due date', () => {
    const list = [
      item('a', '2026-12-20'),
      item('b', '2026-12-01', { overdue: true }),
      item('c', '2026-12-10'),
    ]
    expect(sortFollowUps(list).map((f) => f.id)).toEqual(['b', 'c', 'a'])
    const moved = withFollowUp(list, item('a', '2026-12-05'))
    expect(moved.map((f) => f.id)).toEqual(['b', 'a', 'c'])
  })

  it('lists each decision once', () => {
    const list = [
      item('a', '2026-12-01'),
      item('b', '2026-12-02', { document: { id: 'd2', title: 'Budsjett' } }),
    ]
    expect(decisionsOf([...list, ...list])).toEqual([
      { id: 'd2', title: 'Budsjett' },
      { id: 'd1', title: 'Vedtak om turnus' },
    ])
  })
})
