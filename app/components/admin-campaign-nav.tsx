import { NavLink } from '@remix-run/react'

/** The sub-pages of one campaign in the staff area. */
export function AdminCampaignNav({
  id,
  title,
  status,
}: {
  id: string
  title: string
  status: string
}) {
  const base = `/admin/campaigns/${id}`
  return (
    <header className="admin-campaign-head">
      <p className="eyebrow">
        <NavLink to="/admin/campaigns" end>
          Campaigns
        </NavLink>{' '}
        · <span className={`admin-status admin-status--${status.toLowerCase()}`}>{status}</span>
      </p>
      <h1>{title}</h1>
      <nav aria-label="This campaign">
        <ul className="admin-subnav">
          <li>
            <NavLink to={base} end>
              Edit
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/status`}>Publish and status</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/image`}>Hero image</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/updates`}>Updates</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/preview`}>Preview</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/dashboard`}>Dashboard</NavLink>
          </li>
        </ul>
      </nav>
    </header>
  )
}
