// The progress bar says "about" (in the page's language) only when the total counts a gift
// converted at an estimated rate.
import { createRemixStub } from '@remix-run/testing'
import { renderToString } from 'react-dom/server'
import { IntlProvider } from 'react-intl'
import { expect, test } from 'vitest'
import english from '#app/i18n/catalogs/en.json'
import korean from '#app/i18n/catalogs/ko.json'
import { CampaignProgress } from './campaign-progress.tsx'

const PROPS = {
  currency: 'USD',
  goalMinor: 1_000_000,
  raisedMinor: 2_235,
  donorCount: 1,
  daysLeft: null,
  closed: false,
  label: 'Winter shelter',
}

function render(locale: string, messages: Record<string, string>, estimated: boolean) {
  const path = locale.startsWith('ko') ? '/ko' : '/'
  const Stub = createRemixStub([
    {
      path,
      Component: () => (
        <IntlProvider locale={locale} messages={messages}>
          <CampaignProgress {...PROPS} estimated={estimated} />
        </IntlProvider>
      ),
    },
  ])
  return renderToString(<Stub initialEntries={[path]} />)
}

test('an estimated total reads "about", a settled one does not', () => {
  expect(render('en-US', english, true)).toContain('about $22.35')
  expect(render('en-US', english, true)).toContain(english['fx.aboutNote'])
  expect(render('en-US', english, false)).not.toContain('about')
  expect(render('ko-KR', korean, true)).toContain('약 US$22.35')
})
