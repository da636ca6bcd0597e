import { describe, expect, it } from 'vitest'
import { ariaShortcut, shortcutLabel } from './shortcut.js'

describe('toolbar shortcuts', () => {
  it('are written with Ctrl on Windows and Linux, in the usual order', () => {
    expect(shortcutLabel('Mod-b', false)).toBe('Ctrl+B')
    expect(shortcutLabel('Mod-Alt-1', false)).toBe('Ctrl+Alt+1')
    expect(shortcutLabel('Shift-Mod-z', false)).toBe('Ctrl+Shift+Z')
    expect(shortcutLabel('Alt-F10', false)).toBe('Alt+F10')
  })

  it('are written with Apple’s symbols on macOS', () => {
    expect(shortcutLabel('Mod-b', true)).toBe('⌘B')
    expect(shortcutLabel('Mod-Shift-8', true)).toBe('⇧⌘8')
    expect(shortcutLabel('Mod-Alt-2', true)).toBe('⌥⌘2')
  })

  it('name the keys as aria-keyshortcuts wants them', () => {
    expect(ariaShortcut('Mod-Shift-b', false)).toBe('Control+Shift+B')
    expect(ariaShortcut('Mod-Shift-b', true)).toBe('Shift+Meta+B')
  })
})
