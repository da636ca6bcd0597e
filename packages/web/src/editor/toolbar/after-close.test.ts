import { describe, expect, it } from 'vitest'
import { afterClose } from './after-close.js'

describe('afterClose', () => {
  it('runs the choice once, when the menu has closed', () => {
    const menu = afterClose()
    const runs: string[] = []
    menu.onOpenChange(true)
    menu.choose(() => runs.push('bold'))
    expect(runs).toEqual([])
    menu.onCloseAutoFocus()
    expect(runs).toEqual(['bold'])
    menu.onCloseAutoFocus()
    expect(runs).toEqual(['bold'])
  })

  it('forgets a choice left from before the menu opened again', () => {
    const menu = afterClose()
    const runs: string[] = []
    menu.choose(() => runs.push('stale'))
    menu.onOpenChange(true)
    menu.onCloseAutoFocus()
    expect(runs).toEqual([])
  })
})
