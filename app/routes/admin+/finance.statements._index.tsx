import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { StatementJobs } from '#app/components/receipt-statement-jobs.tsx'
import {
  FIRST_STATEMENT_YEAR,
  listStatements,
  statementBatches,
  startStatementBatch,
  statementYearSchema,
} from '#app/modules/finance/statements.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-receipts.css'
import { FieldError } from '#app/components/field-error.tsx'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Annual statements')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const currentYear = new Date().getUTCFullYear()
  const asked = statementYearSchema().safeParse(new URL(request.url).searchParams.get('year'))
  const year = asked.success ? asked.data : currentYear - 1
  const [jobs, { statements, count }] = await Promise.all([
    statementBatches(),
    listStatements(year),
  ])
  return { year, currentYear, jobs, statementCount: count, statements }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const formData = await request.formData()
  const parsed = statementYearSchema().safeParse(formData.get('year'))
  if (!parsed.success) {
    return data(
      { ok: false as const, error: parsed.error.issues[0]?.message ?? 'Enter a year' },
      { status: 400 },
    )
  }
  await startStatementBatch(parsed.data, {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  return { ok: true as const, year: parsed.data }
}

export default function Statements() {
  const { year, currentYear, jobs, statements, statementCount } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const error = actionData && !actionData.ok ? actionData.error : null
  return (
    <>
      <h1>Annual statements</h1>
      <p className="admin-muted">
        One PDF per donor and calendar year (UTC): every gift with its receipt number, refunds
        netted. Generating a year again replaces its statements.
      </p>
      {actionData?.ok ? (
        <div className="admin-notice" role="status">
          <p>Statements for {actionData.year} are being generated. Reload to see progress.</p>
        </div>
      ) : null}
      <Form method="post" className="admin-filters" noValidate>
        <div className="field">
          <label htmlFor="statement-year">Year</label>
          <input
            id="statement-year"
            name="year"
            type="number"
            inputMode="numeric"
            min={FIRST_STATEMENT_YEAR}
            max={currentYear}
            defaultValue={year}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'statement-year-error' : undefined}
          />
          <FieldError id="statement-year-error" errors={error} />
        </div>
        <button type="submit" className="button button--primary">
          Generate statements
        </button>
      </Form>
      <section className="admin-section" aria-labelledby="jobs">
        <h2 id="jobs">Recent batches</h2>
        <StatementJobs jobs={jobs} />
      </section>
      <section className="admin-section" aria-labelledby="statements">
        <div className="admin-heading">
          <h2 id="statements">
            Statements for {year} ({statementCount})
          </h2>
          <Form method="get" className="admin-actions">
            <label htmlFor="show-year">Show year</label>
            <input
              id="show-year"
              name="year"
              type="number"
              min={FIRST_STATEMENT_YEAR}
              max={currentYear}
              defaultValue={year}
            />
            <button type="submit" className="button">
              Show
            </button>
          </Form>
        </div>
        {statements.length === 0 ? (
          <p className="admin-muted">No statements for {year} yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Donor</th>
                  <th scope="col" className="num">
                    Gifts
                  </th>
                  <th scope="col">Totals</th>
                  <th scope="col">Generated</th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {statements.map((statement) => (
                  <tr key={statement.id}>
                    <td>{statement.donor.email}</td>
                    <td className="num">{statement.giftCount}</td>
                    <td>{statement.totalsText}</td>
                    <td className="nowrap">
                      {new Date(statement.generatedAt).toISOString().slice(0, 16).replace('T', ' ')}
                    </td>
                    <td>
                      <a href={`/admin/finance/statements/${statement.id}.pdf`} download>
                        Download
                        <span className="visually-hidden">
                          {' '}
                          statement of {statement.donor.email}
                        </span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {statementCount > statements.length ? (
          <p className="admin-muted">
            Showing the first {statements.length} of {statementCount}.
          </p>
        ) : null}
      </section>
    </>
  )
}
