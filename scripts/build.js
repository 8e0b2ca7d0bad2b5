// Builds the Remix app (classic compiler) and bundles the Express server next to it.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { build } from 'esbuild'

const require = createRequire(import.meta.url)
const remixCli = require.resolve('@remix-run/dev/dist/cli.js')
execFileSync(process.execPath, [remixCli, 'build'], { stdio: 'inherit' })

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
}

// Development-only helpers the server imports dynamically when no Stripe key or no
// DATABASE_URL is set. Each is built as its own file beside build/server.js, so the
// production server bundle does not carry them.
const lazyModules = {
  'stripe-emulator/server.ts': 'stripe-emulator.js',
  'server/embedded-postgres.ts': 'embedded-postgres.js',
}

const keepLazyModulesOut = {
  name: 'keep-lazy-modules-out',
  setup(onBuild) {
    onBuild.onResolve({ filter: /\.ts$/ }, (args) => {
      const source = path.relative('.', path.resolve(args.resolveDir, args.path))
      const file = lazyModules[source.split(path.sep).join('/')]
      return file ? { path: `./${file}`, external: true } : undefined
    })
  },
}

const server = await build({
  ...common,
  entryPoints: ['server/index.ts'],
  outfile: 'build/server.js',
  plugins: [keepLazyModulesOut],
  metafile: true,
})

for (const [source, file] of Object.entries(lazyModules)) {
  await build({ ...common, entryPoints: [source], outfile: `build/${file}` })
}

// The check that keeps it so: a static import of emulator code would pull it back in.
const bundled = Object.keys(server.metafile.inputs).filter(
  (input) => input.startsWith('stripe-emulator/') || input === 'server/embedded-postgres.ts',
)
if (bundled.length > 0) {
  console.error(`build/server.js must not contain development-only code: ${bundled.join(', ')}`)
  process.exitCode = 1
}
