// `npm run staff:create` (scripts/staff-create.ts) against this worker's database, as a child
// process with no terminal on stdin, the way CI and a first deployment run it.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { verifyPassword } from '#app/modules/staff/password.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

setupTestDatabase()

function run(args: string[], stdin = '') {
  const tsx = path.resolve('node_modules/.bin/tsx')
  const child = spawn(tsx, ['scripts/staff-create.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'error' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(stdin)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
}

describe('staff:create', () => {
  test('creates the first admin with a printed temporary password, audited as "cli"', async () => {
    const result = await run([
      '--email',
      'First@Lantern.org',
      '--role',
      'ADMIN',
      '--role',
      'finance',
      '--name',
      'First Admin',
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const password = /Temporary password \(shown once; change it after signing in\): (\S+)/.exec(
      result.stdout,
    )?.[1]
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/)
    const user = await prisma.staffUser.findUniqueOrThrow({ where: { email: 'first@lantern.org' } })
    expect(user).toMatchObject({
      name: 'First Admin',
      roles: ['ADMIN', 'FINANCE'],
      demo: false,
      mustChangePassword: true,
    })
    expect(await verifyPassword(user.passwordHash, password!)).toBe(true)
    expect(await prisma.auditLog.findMany()).toMatchObject([
      { actorId: null, actorEmail: 'cli', action: 'staff.created', entityId: user.id },
    ])

    const again = await run(['--email', 'first@lantern.org', '--role', 'ADMIN', '--name', 'Again'])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })

  test('--password-stdin takes the password from stdin and prints none', async () => {
    const result = await run(
      [
        '--email',
        'ops@lantern.org',
        '--role',
        'CAMPAIGN_MANAGER',
        '--name',
        'Ops',
        '--password-stdin',
      ],
      'a password from a secret store\n',
    )
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('Temporary password')
    const user = await prisma.staffUser.findUniqueOrThrow({ where: { email: 'ops@lantern.org' } })
    expect(await verifyPassword(user.passwordHash, 'a password from a secret store')).toBe(true)
  })

  test('refuses bad arguments with the usage line', async () => {
    const result = await run(['--email', 'x@lantern.org', '--role', 'OWNER', '--name', 'X'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Unknown role(s): OWNER')
    expect(result.stderr).toContain('Usage: npm run staff:create')
    expect(await prisma.staffUser.count()).toBe(0)
  })
})
