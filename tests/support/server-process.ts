/**
 * Starts the production build (`build/server.js`) as a child process, the way `npm start` and
 * the Playwright web server do, and waits until it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { freePort } from '#server/embedded-postgres.ts'

export const SERVER_ENTRY = path.resolve('build/server.js')

export type ServerProcess = {
  url: string
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export async function startServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  if (!existsSync(SERVER_ENTRY))
    throw new Error('build/server.js is missing: run `npm run build` first')
  const port = env.PORT ?? String(await freePort())
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
  }
  const deadline = Date.now() + timeoutMs
  while (!output.includes('Lantern is listening')) {
    if (child.exitCode !== null) return server
    if (Date.now() > deadline) {
      await server.stop('SIGKILL')
      throw new Error(`server did not start in ${timeoutMs} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return server
}
