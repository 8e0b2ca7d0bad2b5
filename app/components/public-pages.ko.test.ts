// The public page chrome rendered in Korean with Korean content: any English word left in the
// output is text that skipped the catalog. Money and dates come out in Korean formats.
import { Outlet } from '@remix-run/react'
import { createRemixStub } from '@remix-run/testing'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { beforeAll, expect, test, vi } from 'vitest'
import { messagesFor } from '#app/i18n/catalogs.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import type { CampaignCard } from '#app/modules/campaigns/campaigns.server.ts'

const card: CampaignCard = {
  slug: 'safe-passage',
  title: '안전한 길',
  summary: '국경을 넘는 여정을 함께합니다.',
  fund: 'RESCUE',
  currency: 'KRW',
  goalMinor: 30_000_000,
  raisedMinor: 1_250_000,
  giftCount: 14,
  donorCount: 12,
  featured: true,
  closed: false,
  endsAt: null,
  daysLeft: 9,
  lang: null,
  untranslated: false,
  estimated: false,
}

beforeAll(() => {
  // React Router's links use layout effects, which warn (harmlessly) when rendered on a server.
  const consoleError = console.error
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('useLayoutEffect does nothing on the server'))
      consoleError(...args)
  })
})

/** `Component` rendered at `url` in the language of the URL, with its loader's data. */
function render(
  url: string,
  Component: ComponentType,
  data: Record<string, unknown> | null = null,
) {
  const rootData = { locale: 'ko', messages: messagesFor('ko') }
  const Stub = createRemixStub([
    {
      id: 'root',
      path: '/',
      loader: () => rootData,
      Component: () => createElement(I18nProvider, null, createElement(Outlet)),
      children: [{ id: 'page', path: url.slice(1).split('?')[0], loader: () => data, Component }],
    },
  ])
  return renderToString(
    createElement(Stub, {
      initialEntries: [url],
      hydrationData: { loaderData: { root: rootData, page: data } },
    }),
  )
}

/** Visible text and the labels assistive technology reads. */
function readable(html: string): string {
  const labels = [...html.matchAll(/(?:aria-label|alt|title)="([^"]*)"/g)].map((m) => m[1])
  const text = html.replace(/<[^>]+>/g, '\n').replace(/&[a-z]+;|&#\d+;/g, ' ')
  return [...labels, text].join('\n')
}

/** Latin-letter words other than the brand and currency symbols: English left in place. */
function englishWords(html: string): string[] {
  return (readable(html).match(/[A-Za-z]{2,}/g) ?? []).filter(
    (word) => !['Lantern', 'US'].includes(word),
  )
}

test('an appeal card and its progress are entirely Korean, in won', async () => {
  const { CampaignCard } = await import('./campaign-card.tsx')
  const html = render('/ko', () => createElement(CampaignCard, { campaign: card }))
  expect(englishWords(html)).toEqual([])
  expect(html).toContain('구출')
  expect(html).toContain(
    '목표 ₩30,000,000 중 <strong class="progress__raised">₩1,250,000</strong> 모금',
  )
  expect(html).toContain('기부자 12명')
  expect(html).toContain('기부 14건')
  expect(html).toContain('9일 남음')
  expect(html).toContain('aria-label="안전한 길: 목표의 4%"')
  expect(html).toContain('href="/ko/campaigns/safe-passage"')
})

test('a closed appeal and its last day read in Korean', async () => {
  const { CampaignProgress } = await import('./campaign-progress.tsx')
  const closed = render('/ko', () =>
    createElement(CampaignProgress, { ...card, closed: true, label: card.title }),
  )
  expect(closed).toContain('<li>종료</li>')
  const lastDay = render('/ko', () =>
    createElement(CampaignProgress, { ...card, daysLeft: 0, label: card.title }),
  )
  expect(lastDay).toContain('<li>오늘 마감</li>')
  expect(englishWords(closed + lastDay)).toEqual([])
})

test('donor messages show a Korean date and a Korean name for an unnamed donor', async () => {
  const { CampaignMessages } = await import('./campaign-messages.tsx')
  const html = render('/ko', () =>
    createElement(CampaignMessages, {
      messages: [
        { id: 'm1', displayName: null, body: '힘내세요', createdAt: '2026-11-05T23:30:00Z' },
      ],
    }),
  )
  expect(englishWords(html)).toEqual([])
  // React separates adjacent text with empty comments.
  expect(html.replaceAll('<!-- -->', '')).toContain('한 기부자 · 2026년 11월 5일')
})

test('the home page is entirely Korean and links to Korean appeal pages', async () => {
  const Home = (await import('#app/routes/_index.tsx')).default
  const html = render('/ko', Home, {
    featured: card,
    byFund: [{ fund: 'SHELTER', campaigns: [{ ...card, slug: 'rest', fund: 'SHELTER' }] }],
  })
  expect(englishWords(html)).toEqual([])
  expect(html).toContain('주요 캠페인 · 구출')
  expect(html).toContain('href="/ko/campaigns/safe-passage#give"')
  expect(html).toContain('href="/ko/campaigns/rest"')
  expect(html).toContain('쉼터')
})

test('the thank-you page of a monthly gift is entirely Korean', async () => {
  const ThankYou = (await import('#app/routes/donate+/thanks.tsx')).default
  const html = render('/ko/donate/thanks?session_id=cs_test_x', ThankYou, {
    status: 'FULFILLED',
    frequency: 'MONTHLY',
    currency: 'KRW',
    amountMinor: 30_000,
    nextChargeAt: '2027-01-02T00:00:00.000Z',
    messageNotShown: 'link',
    campaign: { ...card, raisedMinor: 30_000, donorCount: 1, giftCount: 1 },
    shareUrl: 'https://lantern.test/ko/campaigns/safe-passage',
  })
  expect(
    englishWords(html.replace(/https:\/\/lantern\.test\/ko\/campaigns\/safe-passage/g, '')),
  ).toEqual([])
  expect(html).toContain('<strong>₩30,000</strong> 매월 정기 기부가 잘 도착했습니다')
  expect(html).toContain('다음 기부금은 2027년 1월 2일에 결제됩니다.')
  expect(html).toContain('링크가 들어 있어 캠페인 페이지에 표시되지 않습니다')
  expect(html).toContain('href="/ko/account"')
})
