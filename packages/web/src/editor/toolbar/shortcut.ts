/**
 * Keyboard shortcuts as ProseMirror names them (`Mod-Shift-8`), written the way the person's
 * platform writes them: `Ctrl+Shift+8` on Windows and Linux, `⇧⌘8` on macOS, and as
 * `aria-keyshortcuts` wants them (`Control+Shift+8`).
 */

/** Whether `Mod` means the Command key here (macOS and iOS). */
export function isApple(): boolean {
  if (typeof navigator === 'undefined') return false
  return /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent)
}

interface Keys {
  mod: boolean
  alt: boolean
  shift: boolean
  ctrl: boolean
  key: string
}

function parse(shortcut: string): Keys {
  const parts = shortcut.split('-')
  const key = parts.pop() ?? ''
  const has = (name: string) => parts.includes(name)
  return { mod: has('Mod'), alt: has('Alt'), shift: has('Shift'), ctrl: has('Ctrl'), key: key.toUpperCase() }
}

/** How the shortcut is shown in a tooltip. */
export function shortcutLabel(shortcut: string, apple = isApple()): string {
  const k = parse(shortcut)
  if (apple) {
    // Apple's order: Control, Option, Shift, Command, then the key, without separators.
    return `${k.ctrl ? '⌃' : ''}${k.alt ? '⌥' : ''}${k.shift ? '⇧' : ''}${k.mod ? '⌘' : ''}${k.key}`
  }
  const names = [k.mod || k.ctrl ? 'Ctrl' : '', k.alt ? 'Alt' : '', k.shift ? 'Shift' : '', k.key]
  return names.filter(Boolean).join('+')
}

/** The shortcut as the `aria-keyshortcuts` attribute spells it. */
export function ariaShortcut(shortcut: string, apple = isApple()): string {
  const k = parse(shortcut)
  const names = [
    k.ctrl || (k.mod && !apple) ? 'Control' : '',
    k.alt ? 'Alt' : '',
    k.shift ? 'Shift' : '',
    k.mod && apple ? 'Meta' : '',
    k.key,
  ]
  return names.filter(Boolean).join('+')
}
