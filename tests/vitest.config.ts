import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time keeps timing-sensitive suites (kill -9, browser) honest.
    maxWorkers: 2,
  },
})
