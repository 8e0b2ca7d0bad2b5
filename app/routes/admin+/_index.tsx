import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { ROLE_LABELS, hasAnyRole } from '#app/modules/staff/roles.ts'

export const meta: MetaFunction = () => adminMeta('Home')

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request)
  return { staff }
}

export default function AdminHome() {
  const { staff } = useLoaderData<typeof loader>()
  const can = (role: 'ADMIN' | 'CAMPAIGN_MANAGER' | 'FINANCE') => hasAnyRole(staff.roles, [role])
  return (
    <>
      <h1>Welcome, {staff.name}</h1>
      <p className="admin-muted">
        Signed in as {staff.email} ({staff.roles.map((role) => ROLE_LABELS[role]).join(', ')})
      </p>
      <ul className="admin-cards">
        {can('CAMPAIGN_MANAGER') ? (
          <>
            <li>
              <Link to="/admin/campaigns">Campaigns</Link>
              <p>Write and publish appeals, post updates and watch progress.</p>
            </li>
            <li>
              <Link to="/admin/moderation">Moderation</Link>
              <p>Approve or reject donor messages and public names.</p>
            </li>
          </>
        ) : null}
        {can('ADMIN') ? (
          <>
            <li>
              <Link to="/admin/staff">Staff accounts</Link>
              <p>Create accounts, change roles, disable access, reset two-factor sign-in.</p>
            </li>
            <li>
              <Link to="/admin/audit">Audit log</Link>
              <p>Every change staff made: who, when, what, before and after.</p>
            </li>
          </>
        ) : null}
        {can('FINANCE') ? (
          <li>
            <Link to="/admin/finance">Finance</Link>
            <p>Gifts ledger, refunds, disputes, payouts and reconciliation, receipts, exports.</p>
          </li>
        ) : null}
        <li>
          <Link to="/admin/account">Account security</Link>
          <p>Change your password, recovery codes, sign out everywhere.</p>
        </li>
      </ul>
    </>
  )
}
