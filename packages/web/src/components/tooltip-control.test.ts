import { describe, expect, it } from 'vitest'
import { tooltipControl } from './tooltip-control.js'
import { TOOLTIP_DELAY_MS } from './tooltip-delay.js'

describe('tooltipControl', () => {
  it('opens and closes as the tooltip asks, after the app-wide delay', () => {
    const tip = tooltipControl()
    expect(tip.root.openDelay).toBe(TOOLTIP_DELAY_MS)
    expect(tip.root.open).toBe(false)
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(true)
    tip.root.onOpenChange(false)
    expect(tip.root.open).toBe(false)
  })

  it('after a press, stays closed until the pointer has left the control', () => {
    const tip = tooltipControl()
    tip.root.onOpenChange(true)
    tip.trigger.onPointerDown()
    expect(tip.root.open).toBe(false)
    // The delay that began before the press ends: the tooltip asks to open, and is refused.
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(false)
    tip.trigger.onPointerLeave()
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(true)
  })

  it('stays closed while blocked, and opens again once it is not', () => {
    let menuOpen = true
    const tip = tooltipControl(() => menuOpen)
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(false)
    menuOpen = false
    expect(tip.root.open).toBe(true)
  })
})
