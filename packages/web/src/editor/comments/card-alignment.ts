/**
 * Margin comments: each card as close to the height of its text as the cards above it allow, the
 * way Google Docs and Outline place them. A card whose text is not in the document (detached)
 * simply follows the one above it.
 */

export interface CardPlace {
  /** Where the card's text starts, from the top of the list; null when it has none. */
  desired: number | null
  height: number
}

/**
 * The top margin of each card, in order, so that card i starts at max(its text, the end of card
 * i−1 + gap); the first card starts at its text or at the top.
 */
export function alignCards(cards: readonly CardPlace[], gap: number): number[] {
  let bottom = 0
  return cards.map((card, i) => {
    const earliest = i === 0 ? 0 : bottom + gap
    const top = card.desired === null ? earliest : Math.max(earliest, Math.round(card.desired))
    const margin = top - bottom
    bottom = top + card.height
    return margin
  })
}
