// The failed-jobs staff screen through the real Remix request handler (the production build:
// run `npm run build` first): what FINANCE sees, the confirmation, the retry and its audit entry.
// Who may open it at all is in the role × route matrix (admin-access.jobs.ts).
import type { createRequestHandler } from '@remix-run/node'
import { beforeAll, beforeEach, expect, test } from 'vitest'
import { loadBuiltRequestHandler } from '#tests/support/remix-build.ts'
import { createStaffUser, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const ORIGIN = 'http://lantern.test'
let handle: ReturnType<typeof createRequestHandler>

beforeAll(async () => {
  handle = await loadBuiltRequestHandler()
})

setupTestDatabase()
beforeEach(async () => {
  const { prisma } = await import('#app/utils/db.server.ts')
  await prisma.$executeRawUnsafe('DELETE FROM pgboss.job')
})

async function asFinance(method: 'GET' | 'POST', body?: Record<string, string>) {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  const headers = new Headers({ Accept: 'text/html', Origin: ORIGIN, Host: new URL(ORIGIN).host })
  headers.set('Cookie', await staffSessionCookie(user.id, { twoFactorPassed: true }))
  return handle(
    new Request(`${ORIGIN}/admin/jobs`, {
      method,
      headers,
      redirect: 'manual',
      body: body ? new URLSearchParams(body) : undefined,
    }),
    { clientIp: '203.0.113.7', cspNonce: 'test' },
  )
}

/** A 'stripe-event' job for an event that was never stored, failed on its only attempt. */
async function aFailedJob() {
  const { queueClient } = await import('#app/modules/jobs/queue.server.ts')
  const { runQueuedJobs } = await import('#server/worker.ts')
  const jobId = await queueClient().send(
    'stripe-event',
    { eventId: 'evt_never_stored' },
    { retryLimit: 0 },
  )
  expect(await runQueuedJobs('stripe-event')).toBe(1)
  return jobId as string
}

test('FINANCE sees a failed job with its error, and retries it only once confirmed', async () => {
  const { prisma } = await import('#app/utils/db.server.ts')
  const jobId = await aFailedJob()

  const page = await asFinance('GET')
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('Failed background jobs')
  expect(html).toContain('event not stored evt_never_stored')
  expect(html).toMatch(/No record was found|not found/)

  const unconfirmed = await asFinance('POST', { queue: 'stripe-event', jobId })
  expect(unconfirmed.status).toBe(400)
  expect(await unconfirmed.text()).toContain('Tick the box to confirm the retry.')
  const bad = await asFinance('POST', { queue: 'stripe-event', jobId: 'x', confirm: 'on' })
  expect(bad.status).toBe(400)
  expect(await prisma.auditLog.count({ where: { action: 'job.retry' } })).toBe(0)

  const retried = await asFinance('POST', { queue: 'stripe-event', jobId, confirm: 'on' })
  expect(retried.status).toBe(302)
  expect(retried.headers.get('Location')).toBe('/admin/jobs?retried=1')
  const [state] = await prisma.$queryRaw<Array<{ state: string }>>`
    SELECT state::text AS state FROM pgboss.job WHERE id = ${jobId}::uuid`
  expect(state).toEqual({ state: 'retry' })
  expect(await prisma.auditLog.findFirstOrThrow({ where: { action: 'job.retry' } })).toMatchObject({
    entityId: jobId,
    ipAddress: '203.0.113.7',
  })

  const again = await asFinance('POST', { queue: 'stripe-event', jobId, confirm: 'on' })
  expect(again.status).toBe(409)
  expect(await again.text()).toContain('no longer failed')
  expect(await (await asFinance('GET')).text()).toContain('No failed jobs.')
})
