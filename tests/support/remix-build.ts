/**
 * The production build's Remix request handler, for tests that go through real routes without
 * an HTTP server (run `npm run build` first). Staff sessions need the session secret set first.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { ensureSessionSecret } from './staff.ts'

const BUILD = path.resolve('build/remix/index.js')

export async function loadBuiltRequestHandler(): Promise<ReturnType<typeof createRequestHandler>> {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  ensureSessionSecret()
  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  return createRequestHandler(build, 'test')
}
