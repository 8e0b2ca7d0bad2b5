import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import {
  Form,
  Link,
  NavLink,
  Outlet,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
} from '@remix-run/react'
import { getStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { hasAnyRole } from '#app/modules/staff/roles.ts'
import adminStyles from '#app/styles/admin.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = () => adminMeta('Staff')

/** Staff pages are personal: never cached anywhere, never indexed. */
export const headers: HeadersFunction = () => ({
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
})

// No redirect here: the sign-in pages render inside this layout. Each child authorizes itself.
export async function loader({ request }: LoaderFunctionArgs) {
  return { staff: await getStaff(request) }
}

export default function AdminLayout() {
  const { staff } = useLoaderData<typeof loader>()
  return (
    <div className="admin">
      <header className="admin-bar">
        <div className="admin-bar__inner">
          <Link to="/admin" className="admin-bar__title">
            Lantern staff
          </Link>
          {staff ? (
            <nav aria-label="Staff">
              <ul className="admin-nav">
                {hasAnyRole(staff.roles, ['CAMPAIGN_MANAGER']) ? (
                  <>
                    <li>
                      <NavLink to="/admin/campaigns">Campaigns</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/moderation">Moderation</NavLink>
                    </li>
                  </>
                ) : null}
                {hasAnyRole(staff.roles, ['FINANCE']) ? (
                  <>
                    <li>
                      <NavLink to="/admin/finance">Finance</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/jobs">Failed jobs</NavLink>
                    </li>
                  </>
                ) : null}
                {hasAnyRole(staff.roles, ['ADMIN']) ? (
                  <>
                    <li>
                      <NavLink to="/admin/staff">Staff</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/audit">Audit log</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/safety">Giving safety</NavLink>
                    </li>
                  </>
                ) : null}
                <li>
                  <NavLink to="/admin/account">Account security</NavLink>
                </li>
                <li>
                  <Form method="post" action="/admin/logout">
                    <button type="submit" className="admin-nav__button">
                      Sign out
                    </button>
                  </Form>
                </li>
              </ul>
            </nav>
          ) : null}
        </div>
      </header>
      <div className="admin-page">
        <Outlet />
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, text] =
    status === 403
      ? [
          'You do not have access to this page',
          'Your account does not hold the role this page needs. Ask an administrator if you need it.',
        ]
      : status === 404
        ? [
            'We could not find that page',
            'The link may be old, or the record may have been removed.',
          ]
        : [
            'This page failed to load',
            'Please try again in a minute. If it keeps failing, tell an administrator.',
          ]
  return (
    <div className="admin">
      <header className="admin-bar">
        <div className="admin-bar__inner">
          <Link to="/admin" className="admin-bar__title">
            Lantern staff
          </Link>
        </div>
      </header>
      <section className="admin-page" aria-labelledby="admin-error-title">
        <p className="eyebrow">Error {status}</p>
        <h1 id="admin-error-title">{title}</h1>
        <p>{text}</p>
        <p>
          <Link to="/admin">Back to the staff home page</Link>
        </p>
      </section>
    </div>
  )
}
