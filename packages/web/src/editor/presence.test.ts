import { describe, expect, it } from 'vitest'
import { othersPresent, presenceByParty, presenceChanges, readPresentUser, samePeople } from './presence.js'

const kari = { id: 'u1', name: 'Kari', party: 'administration', role: 'editor', color: '#0072B2' }
const tore = { id: 'u2', name: 'Tore', party: 'employees', role: 'viewer', color: '#B24E00' }

describe('presence', () => {
  it('reads only stamped users and sanitises the colour', () => {
    expect(readPresentUser({ user: { name: 'No id', color: '#fff' } })).toBeNull()
    expect(readPresentUser(null)).toBeNull()
    expect(readPresentUser({ user: { ...kari, color: 'red;background:url(x)' } })?.color).toBe('#444444')
  })

  it('counts a person with two tabs once and leaves out oneself', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'me', color: '#000000' } }],
      [2, { user: kari }],
      [3, { user: kari }],
      [4, { user: tore }],
      [5, { user: { ...tore, id: 'self' } }],
    ])
    expect([...othersPresent(states, 1, 'self').keys()]).toEqual(['u1', 'u2'])
  })

  it('lists every party, an empty one too, with oneself first', () => {
    const self = { id: 'self', name: 'Åse', party: 'administration', role: 'admin', color: '#0072B2' }
    const groups = presenceByParty(self, [kari, tore], 'nb')
    expect(groups.map((g) => [g.label, g.people.map((p) => p.name)])).toEqual([
      ['Folkevalgte', []],
      ['Administrasjonen', ['Åse', 'Kari']],
      ['Ansatte og tillitsvalgte', ['Tore']],
    ])
  })

  it('names who joined and who left', () => {
    const before = new Map([[kari.id, kari]])
    const after = new Map([[tore.id, tore]])
    expect(presenceChanges(before, after)).toEqual({ joined: [tore], left: [kari] })
  })
  it('tells a caret move (same people) from a change of who is here', () => {
    const anne = { id: 'a', name: 'Anne', party: 'administration', role: 'editor', color: '#0072B2' }
    const per = { id: 'p', name: 'Per', party: 'politicians', role: 'viewer', color: '#8E4472' }
    const before = new Map([['a', anne]])
    expect(samePeople(before, new Map([['a', { ...anne }]]))).toBe(true)
    expect(samePeople(before, new Map([['a', { ...anne, role: 'viewer' }]]))).toBe(false)
    expect(
      samePeople(
        before,
        new Map([
          ['a', anne],
          ['p', per],
        ]),
      ),
    ).toBe(false)
    expect(samePeople(before, new Map([['p', per]]))).toBe(false)
  })
})
