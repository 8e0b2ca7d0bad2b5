import { Link } from '@remix-run/react'

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>
          Every name in our stories is changed, and we never show faces, places or routes. This site
          runs no trackers or analytics.
        </p>
        <p>
          <Link to="/about">About us</Link> · <Link to="/privacy">Privacy</Link>
        </p>
      </div>
    </footer>
  )
}
