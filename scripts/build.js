// Builds the Remix app (classic compiler) and bundles the Express server next to it.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { build } from 'esbuild'

const require = createRequire(import.meta.url)
const remixCli = require.resolve('@remix-run/dev/dist/cli.js')
execFileSync(process.execPath, [remixCli, 'build'], { stdio: 'inherit' })

await build({
  entryPoints: ['server/index.ts'],
  outfile: 'build/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
