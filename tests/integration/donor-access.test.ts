// The donor side of the access matrix: every route of the built app under /account and /email
// (and the old /donate/manage link), for a signed-out visitor, a signed-in donor with their own
// ids, and the same donor with another donor's ids, through the production build's handler
// (run `npm run build` first). Another donor's receipt, statement or data is a 404, never a
// 403, so ids cannot be probed; every donor page is private and no-store.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { beforeAll, describe, expect, test } from 'vitest'
import { preferencesToken } from '#app/modules/donors/email-preferences.server.ts'
import { issueReceipt } from '#app/modules/receipts/receipts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { donorSessionCookie } from '#tests/support/donor-session.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import { ensureSessionSecret } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const BUILD = path.resolve('build/remix/index.js')
const ORIGIN = 'http://lantern.test'

let build: ServerBuild
let handle: ReturnType<typeof createRequestHandler>

beforeAll(async () => {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  ensureSessionSecret()
  build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  handle = createRequestHandler(build, 'test')
})

setupTestDatabase()

function fullPath(routeId: string): string {
  const route = build.routes[routeId]
  if (!route) return ''
  const parent = route.parentId ? fullPath(route.parentId) : ''
  return route.path ? `${parent}/${route.path}`.replace(/\/+/g, '/') : parent
}

/** Two donors who both gave, each with an issued receipt, in different years. */
async function twoDonors() {
  const campaign = await createCampaign({ title: 'Safe passage' })
  const make = async (email: string, receivedAt: Date) => {
    const donor = await createDonor({ email })
    const gift = await createGift({ campaignId: campaign.id, donorId: donor.id, receivedAt })
    const receipt = await issueReceipt(gift.id)
    // Each also gives monthly, so the recurring-gift page has an own and another's pledge.
    await prisma.pledge.update({
      where: { id: gift.pledgeId },
      data: {
        frequency: 'MONTHLY',
        stripeSubscriptionId: `sub_${donor.id}`,
        subscriptionStatus: 'active',
      },
    })
    return {
      donor,
      gift,
      pledgeId: gift.pledgeId,
      receiptId: receipt.id,
      year: receivedAt.getUTCFullYear(),
    }
  }
  const me = await make('me@example.org', new Date('2025-06-01T12:00:00Z'))
  const other = await make('other@example.org', new Date('2024-03-01T12:00:00Z'))
  return { me, other, cookie: await donorSessionCookie(me.donor.id) }
}

type Setup = Awaited<ReturnType<typeof twoDonors>>

async function send(
  url: string,
  options: { cookie?: string; method?: 'GET' | 'POST'; body?: Record<string, string> } = {},
) {
  const headers = new Headers({ Accept: 'text/html', Origin: ORIGIN, Host: new URL(ORIGIN).host })
  if (options.cookie) headers.set('Cookie', options.cookie)
  const init: RequestInit = { method: options.method ?? 'GET', headers, redirect: 'manual' }
  if (options.body) init.body = new URLSearchParams(options.body)
  return handle(new Request(`${ORIGIN}${url}`, init), { clientIp: '203.0.113.8', cspNonce: 'test' })
}

/** Donor-only pages: signed out → sign-in; own ids → 200; another donor's ids → 404. */
const DONOR_ONLY: Array<{
  routeId: string
  own: (s: Setup) => string
  others?: (s: Setup) => string
}> = [
  { routeId: 'routes/account+/_index', own: () => '/account' },
  {
    routeId: 'routes/account+/monthly.$pledgeId',
    own: (s) => `/account/monthly/${s.me.pledgeId}`,
    others: (s) => `/account/monthly/${s.other.pledgeId}`,
  },
  {
    routeId: 'routes/account+/receipts.$receiptId[.pdf]',
    own: (s) => `/account/receipts/${s.me.receiptId}.pdf`,
    others: (s) => `/account/receipts/${s.other.receiptId}.pdf`,
  },
  {
    routeId: 'routes/account+/statements.$year[.pdf]',
    own: (s) => `/account/statements/${s.me.year}.pdf`,
    others: (s) => `/account/statements/${s.other.year}.pdf`,
  },
  { routeId: 'routes/account+/data[.json]', own: () => '/account/data.json' },
  { routeId: 'routes/account+/data[.csv]', own: () => '/account/data.csv' },
  { routeId: 'routes/account+/preferences', own: () => '/account/preferences' },
  { routeId: 'routes/account+/erase', own: () => '/account/erase' },
]

/** Routes reached without a session: tested on their own below. */
const OPEN_ROUTES = [
  'routes/account+/sign-in',
  'routes/account+/link',
  'routes/account+/sign-out',
  'routes/email+/unsubscribe',
]

test('every /account and /email route of the build is covered here', () => {
  const ids = Object.keys(build.routes).filter((id) =>
    /^\/(account|email)(\/|$)/.test(fullPath(id)),
  )
  expect(ids.length).toBeGreaterThan(5)
  const covered = [...DONOR_ONLY.map((row) => row.routeId), ...OPEN_ROUTES]
  expect(ids.sort()).toEqual([...covered].sort())
})

describe.each(DONOR_ONLY.map((row) => [row.routeId, row] as const))('%s', (_id, row) => {
  test('signed out: sent to sign in', async () => {
    const s = await twoDonors()
    const response = await send(row.own(s))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/account\/sign-in\?redirectTo=/)
  })

  test('signed in: their own is shown, private and no-store', async () => {
    const s = await twoDonors()
    const response = await send(row.own(s), { cookie: s.cookie })
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toContain('no-store')
    expect(response.headers.get('Cache-Control')).toContain('private')
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    const body = Buffer.from(await response.arrayBuffer()).toString('latin1')
    expect(body).not.toContain('other@example.org')
  })

  if (row.others) {
    test("another donor's id: 404", async () => {
      const s = await twoDonors()
      const response = await send(row.others!(s), { cookie: s.cookie })
      expect(response.status).toBe(404)
    })
  }
})

test("acting on another donor's recurring gift is a 404 and changes nothing", async () => {
  const s = await twoDonors()
  const response = await send(`/account/monthly/${s.other.pledgeId}`, {
    cookie: s.cookie,
    method: 'POST',
    body: { intent: 'cancel' },
  })
  expect(response.status).toBe(404)
  expect(await prisma.auditLog.count({ where: { entityId: s.other.pledgeId } })).toBe(0)
})

test('erasing: the typed word is required; then only the signed-in donor is marked and signed out', async () => {
  const s = await twoDonors()
  const refused = await send('/account/erase', {
    cookie: s.cookie,
    method: 'POST',
    body: { confirm: 'yes please' },
  })
  expect(refused.status).toBe(400)
  expect((await refused.text()).replaceAll('<!-- -->', '')).toContain('Type ERASE to confirm')
  expect(await prisma.donor.count({ where: { erasureRequestedAt: { not: null } } })).toBe(0)

  // Korean page: its own word; the donor id cannot be chosen by the form.
  const done = await send('/ko/account/erase', {
    cookie: s.cookie,
    method: 'POST',
    body: { confirm: ' 삭제 ', donorId: s.other.donor.id },
  })
  expect(done.status).toBe(302)
  expect(done.headers.get('Location')).toBe('/ko/account/erase?done=1')
  const landed = await send('/ko/account/erase?done=1', { cookie: s.cookie })
  expect(await landed.text()).toContain('회원님의 정보를 삭제하고 있습니다')
  const marked = await prisma.donor.findMany({
    where: { erasureRequestedAt: { not: null } },
    select: { id: true, erasureRequestedBy: true },
  })
  expect(marked).toEqual([{ id: s.me.donor.id, erasureRequestedBy: 'donor' }])
  expect(await prisma.donorSession.count({ where: { donorId: s.me.donor.id } })).toBe(0)
  const [audit] = await prisma.auditLog.findMany({ where: { action: 'donor.erasure.requested' } })
  expect(audit).toMatchObject({ entityId: s.me.donor.id, ipAddress: null })
  expect(JSON.stringify(audit)).not.toContain('me@example.org')
  // Signed out: the page now asks them to sign in.
  expect((await send('/account', { cookie: s.cookie })).status).toBe(302)
})

test('the account page lists the donor’s gift with its status and receipt, money from minor units', async () => {
  const s = await twoDonors()
  await prisma.gift.update({
    where: { id: s.me.gift.id },
    data: { status: 'PARTIALLY_REFUNDED', refundedMinor: 1_000 },
  })
  const html = (await (await send('/account', { cookie: s.cookie })).text()).replaceAll(
    '<!-- -->',
    '',
  )
  expect(html).toContain('Signed in as me@example.org')
  expect(html).toContain('Partly refunded')
  expect(html).toContain(`/account/receipts/${s.me.receiptId}.pdf`)
  expect(html).not.toContain(s.other.receiptId)
  expect(html).toContain('$10.00 refunded')
  expect(html).toContain(`Statement for ${s.me.year}`)
})

test('the data download holds the donor’s own records as attachments', async () => {
  const s = await twoDonors()
  const json = await send('/account/data.json', { cookie: s.cookie })
  expect(json.headers.get('Content-Disposition')).toMatch(/^attachment;/)
  const data = (await json.json()) as { donor: { email: string }; gifts: Array<{ id: string }> }
  expect(data.donor.email).toBe('me@example.org')
  expect(data.gifts.map((gift) => gift.id)).toEqual([s.me.gift.id])
  const csv = await (await send('/account/data.csv', { cookie: s.cookie })).text()
  expect(csv.split('\r\n')[0]).toBe('section,record,field,value')
  expect(csv).toContain(`gifts,1,id,${s.me.gift.id}`)
  expect(csv).not.toContain(s.other.gift.id)
})

describe('routes reached without a session', () => {
  test('sign-in: the same answer for a known and an unknown address; bad input is a field error', async () => {
    await createDonor({ email: 'known@example.org' })
    const known = await send('/account/sign-in', {
      method: 'POST',
      body: { email: 'known@example.org' },
    })
    const unknown = await send('/account/sign-in', {
      method: 'POST',
      body: { email: 'unknown@example.org' },
    })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const strip = (html: string) => html.replaceAll(/unknown@example\.org|known@example\.org/g, '')
    expect(strip(await unknown.text())).toBe(strip(await known.text()))
    const bad = await send('/account/sign-in', { method: 'POST', body: { email: 'not-an-email' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Enter an email address like name@example.org')
  })

  test('a link signs in, leaves the URL at once, and cannot be replayed', async () => {
    const donor = await createDonor()
    const { receiptSignInUrl } = await import('#app/modules/donors/sign-in.server.ts')
    const link = new URL(receiptSignInUrl(donor))
    const response = await send(link.pathname + link.search)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/account')
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    const cookie = (response.headers.get('Set-Cookie') ?? '').split(';')[0] as string
    expect((await send('/account', { cookie })).status).toBe(200)
    const bad = await send('/account/link?token=made-up')
    expect(bad.headers.get('Location')).toBe('/account/sign-in?notice=invalid')
  })

  test('sign-out ends the session server-side: the old cookie no longer opens the account', async () => {
    const s = await twoDonors()
    const response = await send('/account/sign-out', { method: 'POST', cookie: s.cookie })
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/account/sign-in?notice=signed-out')
    expect(await prisma.donorSession.count({ where: { donorId: s.me.donor.id } })).toBe(0)
    expect((await send('/account', { cookie: s.cookie })).status).toBe(302)
    expect((await send('/account/sign-out', { method: 'POST' })).status).toBe(302)
  })

  test('unsubscribe: a bad token is refused with a message; a GET changes nothing', async () => {
    const donor = await createDonor()
    const bad = await send('/email/unsubscribe?token=nope', { method: 'POST' })
    expect(bad.status).toBe(400)
    const get = await send(
      `/email/unsubscribe?token=${encodeURIComponent(preferencesToken(donor.id))}`,
    )
    expect(get.status).toBe(200)
    expect(get.headers.get('Cache-Control')).toContain('no-store')
    const after = await prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })
    expect(after.updatesOptOutAt).toBeNull()
  })

  test('a staff cookie does not open the account, and a donor cookie does not open /admin', async () => {
    const s = await twoDonors()
    const admin = await send('/admin', { cookie: s.cookie })
    expect(admin.status).toBe(302)
    expect(admin.headers.get('Location')).toMatch(/^\/admin\/login/)
  })
})
