import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import type { ComponentProps } from 'react'
import { IntlProvider } from 'react-intl'
import { CampaignPage } from '#app/components/campaign-page.tsx'
import { messagesFor } from '#app/i18n/catalogs.server.ts'
import { DEFAULT_LOCALE, LOCALES, isLocale, localeConfig } from '#app/i18n/locale.ts'
import { previewCampaign } from '#app/modules/campaigns/campaign-preview.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { notFound } from '#app/utils/http.ts'
import styles from '#app/styles/admin-campaigns.css'
import pageStyles from '#app/styles/campaign-page.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: pageStyles },
  { rel: 'stylesheet', href: styles },
]
export const meta: MetaFunction = () => adminMeta('Preview')

const NO_UTM = { source: null, medium: null, campaign: null }

/** `?lang=ko` previews the page as a Korean reader sees it: texts and page chrome. */
function previewLocale(request: Request) {
  const lang = new URL(request.url).searchParams.get('lang')
  return isLocale(lang) ? lang : DEFAULT_LOCALE.code
}

/** GET: the saved campaign, whatever its status. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const locale = previewLocale(request)
  const outcome = await previewCampaign(params.id ?? '', null, new Date(), locale)
  if (outcome.kind !== 'preview') throw notFound()
  // Staff pages load the English catalog; a preview in another language brings its own.
  const messages = locale === DEFAULT_LOCALE.code ? null : messagesFor(locale)
  return { campaign: outcome.campaign, unsaved: false, locale, messages }
}

/** POST (the editor's "Preview page" button): the unsaved form, nothing written. */
export async function action({ request, params }: ActionFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const locale = previewLocale(request)
  const outcome = await previewCampaign(
    params.id ?? '',
    await request.formData(),
    new Date(),
    locale,
  )
  if (outcome.kind === 'not-found') throw notFound()
  if (outcome.kind === 'invalid')
    return data({ errors: outcome.errors, campaign: null }, { status: 400 })
  return { errors: null, campaign: outcome.campaign }
}

export default function CampaignPreview() {
  const loaded = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const { id } = useParams()
  const campaign = posted?.campaign ?? loaded.campaign
  const page = (
    <CampaignPage campaign={campaign} utm={NO_UTM} lastResult={null} notice={null} preview />
  )
  const config = localeConfig(loaded.locale)
  return (
    <div className="admin-preview">
      <div className="admin-preview__banner" role="note">
        <strong>Preview</strong>{' '}
        {posted?.campaign ? 'of your unsaved changes' : 'of the saved appeal'}: this is how the page
        will look. Donations are disabled here.{' '}
        <Link to={`/admin/campaigns/${id}`}>Back to editing</Link> ·{' '}
        <Link to={`/admin/campaigns/${id}/status`}>Publish and status</Link>
        <br />
        Saved appeal in:{' '}
        {LOCALES.map((locale, index) => (
          <span key={locale.code}>
            {index ? ' · ' : null}
            <Link
              to={locale.code === DEFAULT_LOCALE.code ? '?' : `?lang=${locale.code}`}
              lang={locale.code}
              aria-current={locale.code === loaded.locale ? 'page' : undefined}
            >
              {locale.name}
            </Link>
          </span>
        ))}
      </div>
      {posted?.errors ? (
        <div className="form-alert" role="alert">
          <p>The form has errors, so this shows the saved appeal. Go back to fix:</p>
          <ul>
            {posted.errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {loaded.messages ? (
        <IntlProvider
          locale={config.tag}
          defaultLocale="en-US"
          messages={loaded.messages as ComponentProps<typeof IntlProvider>['messages']}
        >
          <div lang={config.code}>{page}</div>
        </IntlProvider>
      ) : (
        page
      )}
    </div>
  )
}
