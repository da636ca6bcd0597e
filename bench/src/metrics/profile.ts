/** Top self-time frames of V8 `.cpuprofile` files written by `node --cpu-prof`. */
import fs from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface Frame {
  frame: string
  selfMs: number
  percent: number
}

export function topFrames(dir: string, limit = 20): { files: string[]; totalMs: number; frames: Frame[] } {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  const self = new Map<string, number>()
  let totalMs = 0
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile
    const names = new Map<number, string>()
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame
      const where = url
        ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '')}:${lineNumber + 1}`
        : ''
      names.set(node.id, `${functionName || '(anonymous)'} ${where}`.trim())
    }
    for (const [i, id] of profile.samples.entries()) {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000
      const name = names.get(id) ?? '?'
      if (name === '(idle)') continue
      totalMs += ms
      self.set(name, (self.get(name) ?? 0) + ms)
    }
  }
  const frames = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, selfMs]) => ({ frame, selfMs, percent: totalMs ? (100 * selfMs) / totalMs : 0 }))
  return { files, totalMs, frames }
}
