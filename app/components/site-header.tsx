import { Link, NavLink } from '@remix-run/react'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import { LanguageSwitch } from './language-switch.tsx'

export function SiteHeader() {
  const intl = useIntl()
  const { localize } = useLocale()
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link
          to={localize('/')}
          className="brand"
          aria-label={intl.formatMessage({ id: 'header.home' })}
        >
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M9 2h6v2h-6z M7 5h10l1 3v9l-2 4H8l-2-4V8z" fill="currentColor" />
            <path d="M12 9c1.5 1.6 2 2.7 2 3.8a2 2 0 0 1-4 0c0-1.1.5-2.2 2-3.8z" fill="#f7d58b" />
          </svg>
          <span>Lantern</span>
        </Link>
        <nav aria-label={intl.formatMessage({ id: 'header.navLabel' })}>
          <ul className="nav-list">
            <li>
              <NavLink to={localize('/')} end>
                <FormattedMessage id="header.appeals" />
              </NavLink>
            </li>
            <li>
              <NavLink to={localize('/about')}>
                <FormattedMessage id="header.about" />
              </NavLink>
            </li>
            <li>
              <NavLink to={localize('/privacy')}>
                <FormattedMessage id="header.privacy" />
              </NavLink>
            </li>
            <li>
              <NavLink to={localize('/account')}>
                <FormattedMessage id="header.manageGiving" />
              </NavLink>
            </li>
          </ul>
        </nav>
        <LanguageSwitch />
      </div>
    </header>
  )
}
