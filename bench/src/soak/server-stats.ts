/**
 * Preloaded into the server process (`node --import …/server-stats.js main.js`) so the soak can
 * see what /proc cannot: the V8 heap and the event loop's delay. It only reads: each second it
 * writes `process.memoryUsage()`, the loop delay since the last write, and the running server's
 * effective limits (from its own `config.js`) to the file named by SOAK_STATS_FILE.
 */
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const file = process.env.SOAK_STATS_FILE
const entry = process.argv[1]
if (file && entry) {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  let limits: unknown = null
  import(new URL('./config.js', pathToFileURL(entry)).href)
    .then((config: { loadConfig: (env: NodeJS.ProcessEnv) => { limits: unknown; auth: unknown } }) => {
      const loaded = config.loadConfig(process.env)
      limits = { ...(loaded.limits as object), auth: loaded.auth }
    })
    .catch(() => {})
  setInterval(() => {
    const m = process.memoryUsage()
    const stats = {
      at: Date.now(),
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      limits,
    }
    loop.reset()
    try {
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(stats))
      fs.renameSync(`${file}.tmp`, file)
    } catch {
      // The soak's temp directory is gone: the run is over.
    }
  }, 1000).unref()
}
