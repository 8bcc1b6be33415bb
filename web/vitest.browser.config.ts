/// <reference types="vitest/config" />
import { defineConfig } from 'vite'

// Browser tests: a real classroomd, a real Chromium, one file at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
