import { describe, expect, it } from 'vitest'
import { LogPositions } from './log-positions.js'

describe('LogPositions', () => {
  it('advances over positions in order and says which were held already', () => {
    const p = new LogPositions(3)
    expect(p.add(3)).toBe(false)
    expect(p.add(4)).toBe(true)
    expect(p.add(4)).toBe(false)
    expect(p.contiguous).toBe(4)
    expect(p.hasHole).toBe(false)
  })

  it('holds early positions above a hole until it is filled, by an update or from the database', () => {
    const p = new LogPositions(0)
    p.add(2)
    p.add(3)
    expect(p.contiguous).toBe(0)
    expect(p.hasHole).toBe(true)
    expect(p.highest).toBe(3)
    p.add(1)
    expect(p.contiguous).toBe(3)
    expect(p.hasHole).toBe(false)

    p.add(6)
    p.add(9)
    p.fillTo(7)
    expect(p.contiguous).toBe(7)
    expect(p.hasHole).toBe(true)
    p.add(8)
    expect(p.contiguous).toBe(9)
    expect(p.hasHole).toBe(false)
    p.fillTo(5)
    expect(p.contiguous).toBe(9)
  })
})
