import { describe, expect, it } from 'vitest'
import { alignCards } from './card-alignment.js'

describe('aligning cards with their text', () => {
  it('puts each card at its text while there is room', () => {
    expect(
      alignCards(
        [
          { desired: 40, height: 100 },
          { desired: 300, height: 50 },
        ],
        8,
      ),
    ).toEqual([40, 160])
  })

  it('pushes a card down below the one above it, with the gap, when their texts are close', () => {
    expect(
      alignCards(
        [
          { desired: 10, height: 100 },
          { desired: 20, height: 50 },
          { desired: 30, height: 10 },
        ],
        8,
      ),
    ).toEqual([10, 8, 8])
  })

  it('lets detached cards (no text) follow, and never starts above the list', () => {
    expect(
      alignCards(
        [
          { desired: -50, height: 20 },
          { desired: null, height: 20 },
        ],
        8,
      ),
    ).toEqual([0, 8])
  })
})
