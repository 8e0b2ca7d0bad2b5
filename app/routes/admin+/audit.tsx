import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listAuditEntries, parseAuditFilter } from '#app/modules/staff/audit-log.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'

export const meta: MetaFunction = () => adminMeta('Audit log')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['ADMIN'])
  const filter = parseAuditFilter(new URL(request.url).searchParams)
  return { filter, ...(await listAuditEntries(filter)) }
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
})

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="admin-muted">–</span>
  return <pre className="audit-json">{JSON.stringify(value, null, 1)}</pre>
}

export default function AuditLogPage() {
  const { filter, entries, total, pageCount, actions, entityTypes } = useLoaderData<typeof loader>()
  const pageLink = (page: number) => {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(filter))
      if (value && key !== 'page') search.set(key, String(value))
    search.set('page', String(page))
    return `?${search.toString()}`
  }
  return (
    <>
      <h1>Audit log</h1>
      <Form method="get" className="admin-filters" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-actor">Actor email</label>
          <input id="audit-actor" name="actor" type="search" defaultValue={filter.actor ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">Any</option>
            {actions.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity">Entity type</label>
          <select id="audit-entity" name="entityType" defaultValue={filter.entityType ?? ''}>
            <option value="">Any</option>
            {entityTypes.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From (UTC)</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To (UTC)</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ''} />
        </div>
        <button type="submit" className="button">
          Filter
        </button>
        <Link to="/admin/audit">Clear</Link>
      </Form>
      <p className="admin-muted" role="status">
        {total} entr{total === 1 ? 'y' : 'ies'}, newest first. Page {filter.page} of {pageCount}.
      </p>
      <div className="table-scroll" role="region" aria-label="Audit entries" tabIndex={0}>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={7}>No entries match these filters.</td>
              </tr>
            ) : null}
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="nowrap">{dateTime.format(new Date(entry.at))}</td>
                <td>{entry.actorEmail}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.entityType}
                  {entry.entityId ? <span className="admin-muted"> {entry.entityId}</span> : null}
                </td>
                <td>
                  <Json value={entry.before} />
                </td>
                <td>
                  <Json value={entry.after} />
                </td>
                <td>{entry.ipAddress ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="admin-pager" aria-label="Audit log pages">
        {filter.page > 1 ? <Link to={pageLink(filter.page - 1)}>Newer entries</Link> : null}
        {filter.page < pageCount ? <Link to={pageLink(filter.page + 1)}>Older entries</Link> : null}
      </nav>
    </>
  )
}
