/**
 * Development and test only: a session secret generated once and kept in the data folder, so
 * that `npm start` needs no set-up. Production refuses to start without SESSION_SECRET.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export async function readOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name)
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  await mkdir(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  await writeFile(file, secret + '\n', { mode: 0o600 })
  return secret
}
