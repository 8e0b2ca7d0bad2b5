import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listStaffUsers } from '#app/modules/staff/accounts.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { ROLE_LABELS } from '#app/modules/staff/roles.ts'

export const meta: MetaFunction = () => adminMeta('Staff accounts')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['ADMIN'])
  return { users: await listStaffUsers() }
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

export default function StaffListPage() {
  const { users } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="admin-heading">
        <h1>Staff accounts</h1>
        <Link to="/admin/staff/new" className="button button--primary">
          New staff account
        </Link>
      </div>
      <div className="table-scroll" role="region" aria-label="Staff accounts" tabIndex={0}>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link to={`/admin/staff/${user.id}`}>{user.name}</Link>
                  {user.demo ? <span className="badge">demo</span> : null}
                </td>
                <td>{user.email}</td>
                <td>{user.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
                <td>{user.totpEnabledAt ? 'On' : 'Off'}</td>
                <td>
                  {user.disabledAt ? <span className="badge badge--off">Disabled</span> : 'Active'}
                </td>
                <td>
                  {user.lastSignInAt ? dateTime.format(new Date(user.lastSignInAt)) : 'Never'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
