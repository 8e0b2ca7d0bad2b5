import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormAlert, Notice } from '#app/components/staff-form.tsx'
import { listFailedJobs, retryFailedJob } from '#app/modules/jobs/failed-jobs.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import type { StaffRole } from '#app/modules/staff/roles.ts'

export const meta: MetaFunction = () => adminMeta('Failed background jobs')

const ROLES: StaffRole[] = ['ADMIN', 'FINANCE']

const retrySchema = z.object({
  queue: z.string().min(1),
  jobId: z.string().uuid({ message: 'That is not a job id.' }),
  confirm: z.literal('on', {
    errorMap: () => ({ message: 'Tick the box to confirm the retry.' }),
  }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ROLES)
  return { jobs: await listFailedJobs() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ROLES)
  const parsed = retrySchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return data({ jobId: null, message: issue?.message ?? 'Check the form.' }, { status: 400 })
  }
  const outcome = await retryFailedJob(parsed.data, {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  if (outcome.kind === 'refused') {
    return data({ jobId: parsed.data.jobId, message: outcome.message }, { status: 409 })
  }
  return redirect('/admin/jobs?retried=1')
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

const QUEUE_LABELS: Record<string, string> = {
  'stripe-event': 'Stripe event',
  'receipt-send': 'Receipt email',
  'campaign-update-email': 'Campaign update email',
  'annual-statements': 'Annual statements',
  'payouts-sync': 'Payout sync',
  'maintenance-sweep': 'Maintenance sweep',
}

function subject(job: { queue: string; data: Record<string, unknown>; eventType: string | null }) {
  const { data: fields } = job
  if (job.queue === 'stripe-event')
    return `${job.eventType ?? 'event not stored'} ${String(fields.eventId ?? '')}`
  if (job.queue === 'receipt-send') return `gift ${String(fields.giftId ?? '')}`
  if (job.queue === 'campaign-update-email') return `update ${String(fields.updateId ?? '')}`
  if (job.queue === 'annual-statements') return `year ${String(fields.year ?? '')}`
  return ''
}

export default function FailedJobsPage() {
  const { jobs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Failed background jobs</h1>
      <p>
        Work that failed on every attempt and now waits for a person: processing of a Stripe event,
        a receipt email, a batch. Fix the cause (the error says what went wrong), then retry; each
        retry is one more attempt and is recorded in the audit log.
      </p>
      {search.get('retried') ? (
        <Notice>
          <p>The job is queued again; it runs within seconds.</p>
        </Notice>
      ) : null}
      {actionData && !actionData.jobId ? <FormAlert errors={[actionData.message]} /> : null}
      {jobs.length === 0 ? (
        <p className="admin-muted">No failed jobs.</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table">
            <caption className="visually-hidden">Failed jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">About</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Failed</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>{QUEUE_LABELS[job.queue] ?? job.queue}</td>
                  <td>
                    <code>{subject(job)}</code>
                  </td>
                  <td>{job.attempts}</td>
                  <td>{job.error ?? '—'}</td>
                  <td className="nowrap">
                    {job.failedAt ? dateTime.format(new Date(job.failedAt)) : '—'}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="queue" value={job.queue} />
                      <input type="hidden" name="jobId" value={job.id} />
                      <input
                        type="checkbox"
                        name="confirm"
                        id={`confirm-${job.id}`}
                        required
                      />{' '}
                      <label htmlFor={`confirm-${job.id}`}>Yes, try it again</label>{' '}
                      <button type="submit">Retry</button>
                    </Form>
                    {actionData?.jobId === job.id ? (
                      <FormAlert errors={[actionData.message]} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
