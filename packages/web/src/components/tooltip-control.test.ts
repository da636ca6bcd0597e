import { describe, expect, it } from 'vitest'
import { TOOLTIP_DELAY_MS, tooltipControl } from './tooltip-control.js'

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

  it('refuses to open while blocked, and opens when asked once it is not', () => {
    let menuOpen = true
    const tip = tooltipControl(() => menuOpen)
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(false)
    menuOpen = false
    // What was asked while the menu was open does not bring the tooltip back when it closes.
    expect(tip.root.open).toBe(false)
    tip.root.onOpenChange(true)
    expect(tip.root.open).toBe(true)
  })
})
