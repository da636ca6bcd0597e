/**
 * Unit tests for the web app's plain modules, in Node. A separate file from vite.config.ts because
 * vite-plugin-solid would switch vitest to jsdom, which is not installed; browser behaviour is
 * tested for real in tests/e2e.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
