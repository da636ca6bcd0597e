/** Polls until a condition holds, with a deadline; tests wait on conditions, never on sleeps. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000)
  const interval = options.intervalMs ?? 10
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) {
      const m = typeof options.message === 'function' ? options.message() : options.message
      throw new Error(`waitFor timed out after ${options.timeoutMs ?? 10_000} ms${m ? `: ${m}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, interval))
  }
}
