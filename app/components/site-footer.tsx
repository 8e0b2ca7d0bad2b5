import { Link } from '@remix-run/react'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'

export function SiteFooter() {
  const { localize } = useLocale()
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>
          <FormattedMessage id="footer.safety" />
        </p>
        <p>
          <Link to={localize('/about')}>
            <FormattedMessage id="footer.about" />
          </Link>{' '}
          ·{' '}
          <Link to={localize('/privacy')}>
            <FormattedMessage id="footer.privacy" />
          </Link>
        </p>
      </div>
    </footer>
  )
}
