import { Link, NavLink } from '@remix-run/react'

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label="Lantern home">
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M9 2h6v2h-6z M7 5h10l1 3v9l-2 4H8l-2-4V8z" fill="currentColor" />
            <path d="M12 9c1.5 1.6 2 2.7 2 3.8a2 2 0 0 1-4 0c0-1.1.5-2.2 2-3.8z" fill="#f7d58b" />
          </svg>
          <span>Lantern</span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                Appeals
              </NavLink>
            </li>
            <li>
              <NavLink to="/about">About</NavLink>
            </li>
            <li>
              <NavLink to="/privacy">Privacy</NavLink>
            </li>
            <li>
              <NavLink to="/account">Manage my giving</NavLink>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  )
}
