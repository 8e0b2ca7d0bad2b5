/**
 * Creates a staff account from the command line (the first administrator, or anyone when
 * nobody can sign in). It never prompts, so it runs in CI and over SSH without a terminal:
 *
 *   npm run staff:create -- --email a@b.org --role ADMIN [--role FINANCE] --name "Ada Admin"
 *   printf '%s' "$PASSWORD" | npm run staff:create -- --email … --role … --name … --password-stdin
 *
 * Without --password-stdin it generates a strong temporary password and prints it once.
 * Uses DATABASE_URL, or the embedded database in LANTERN_DATA_DIR (stop `npm start` first).
 * Refuses an email that already has an account. The audit log records the actor "cli".
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { migrateDatabase, projectRoot, resolveDatabase } from '#server/database.ts'
import { STAFF_ROLES, type StaffRole } from '#app/modules/staff/roles.ts'
import { parseEnv } from '#app/utils/env.server.ts'
import { createLogger } from '#app/utils/logger.server.ts'

const USAGE =
  'Usage: npm run staff:create -- --email a@b.org --role ADMIN [--role FINANCE] --name "Full Name" [--password-stdin]'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(1)
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

let args
try {
  args = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  }).values
} catch (error) {
  fail((error as Error).message)
}
if (!args.email) fail('--email is required.')
if (!args.name?.trim()) fail('--name is required.')
const roles = (args.role ?? []).map((role) => role.toUpperCase())
if (roles.length === 0) fail('Give at least one --role.')
const unknown = roles.filter((role) => !(STAFF_ROLES as readonly string[]).includes(role))
if (unknown.length)
  fail(`Unknown role(s): ${unknown.join(', ')}. Roles: ${STAFF_ROLES.join(', ')}.`)
const password = args['password-stdin'] ? await readStdin() : undefined

const env = parseEnv(process.env)
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn')
const database = await resolveDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: path.resolve(projectRoot(), env.LANTERN_DATA_DIR),
  logger,
})
let exitCode = 0
try {
  process.env.DATABASE_URL = database.url
  await migrateDatabase(database.url, logger)
  // Loaded only now: the database client connects to DATABASE_URL when first imported.
  const { createStaffAccount } = await import('#app/modules/staff/accounts.server.ts')
  const { disconnectDatabase } = await import('#app/utils/db.server.ts')
  const outcome = await createStaffAccount(
    { email: args.email, name: args.name, roles: roles as StaffRole[], password },
    { actor: { id: null, email: 'cli' } },
  )
  await disconnectDatabase()
  if (!outcome.ok) {
    process.stderr.write(`Not created: ${outcome.message}\n`)
    exitCode = 1
  } else {
    process.stdout.write(`Created staff account ${outcome.user.email} (${roles.join(', ')}).\n`)
    if (!password) {
      process.stdout.write(
        `Temporary password (shown once; change it after signing in): ${outcome.password}\n`,
      )
    }
    if (roles.includes('ADMIN') || roles.includes('FINANCE')) {
      process.stdout.write('They will set up two-factor sign-in at their first sign-in.\n')
    }
  }
} finally {
  await database.embedded?.stop()
}
process.exit(exitCode)
