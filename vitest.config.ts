import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{app,server,prisma,stripe-emulator,tests/integration}/**/*.test.{ts,tsx}'],
    globalSetup: ['./tests/support/vitest-global-setup.ts'],
    setupFiles: ['./tests/support/vitest-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
