import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormAlert, Notice } from '#app/components/staff-form.tsx'
import {
  applyGuardChange,
  guardPageData,
  guardChangeSchema,
} from '#app/modules/safety/guard-admin.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'

export const meta: MetaFunction = () => adminMeta('Giving safety')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['ADMIN'])
  return guardPageData()
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['ADMIN'])
  const parsed = guardChangeSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    return data({ message: parsed.error.issues[0]?.message ?? 'Check the form.' }, { status: 400 })
  }
  const outcome = await applyGuardChange(parsed.data, {
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  if (outcome === 'unknown-appeal') {
    return data({ message: 'Choose an appeal from the list.' }, { status: 400 })
  }
  return redirect(`/admin/safety?done=${parsed.data.intent}`)
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
})

const when = (value: string | Date | null) =>
  value ? `${dateTime.format(new Date(value))} UTC` : '—'

const DONE: Record<string, string> = {
  pause: 'Giving is paused. The public pages say so calmly; nobody is charged.',
  resume: 'Giving is resumed; raised risk and any automatic pause are cleared.',
  'challenge-on': 'Every gift now needs the quick browser check.',
  'challenge-off': 'The check is needed again only when risk is raised.',
}

export default function GivingSafetyPage() {
  const { scopes, campaigns, thresholds } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const site = scopes[0]
  const done = DONE[search.get('done') ?? '']
  return (
    <section aria-labelledby="safety-title">
      <h1 id="safety-title">Giving safety</h1>
      <p>
        Card testers try stolen card numbers through donate forms. Lantern counts Checkout Sessions
        started per minute and declined card payments per 10 minutes, site-wide and per appeal. Past
        the first threshold every gift needs a quick proof-of-work check in the browser; past the
        second, new gifts pause for {thresholds.cooldownMinutes} minutes. Each alarm emails every
        ADMIN once. Every change here is recorded in the audit log.
      </p>
      {done ? (
        <Notice>
          <p>{done}</p>
        </Notice>
      ) : null}
      {actionData ? <FormAlert errors={[actionData.message]} /> : null}

      <div className="table-scroll">
        <table className="admin-table">
          <caption>Current state and counters</caption>
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">Giving</th>
              <th scope="col">Check needed</th>
              <th scope="col">Sessions this minute</th>
              <th scope="col">Declines (10 min)</th>
              <th scope="col">Last alarm</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {scopes.map((scope) => (
              <tr key={scope.scope}>
                <th scope="row">{scope.label}</th>
                <td>
                  {scope.pausedByStaff
                    ? 'Paused by staff'
                    : scope.state.paused === 'automatic'
                      ? `Paused automatically until ${when(scope.autoPausedUntil)}`
                      : 'Open'}
                </td>
                <td>
                  {scope.challengeAlways
                    ? 'Always (switched on)'
                    : scope.state.challengeRequired
                      ? `Until ${when(scope.challengeUntil)}`
                      : 'No'}
                </td>
                <td>{scope.sessionsThisMinute}</td>
                <td>{scope.declinesThisWindow}</td>
                <td>{scope.lastAlarm ? `${scope.lastAlarm} (${when(scope.lastAlarmAt)})` : '—'}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="scope" value={scope.scope} />
                    {scope.state.paused || scope.state.challengeRequired ? (
                      <button type="submit" name="intent" value="resume" className="button">
                        Resume
                      </button>
                    ) : (
                      <button type="submit" name="intent" value="pause" className="button">
                        Pause giving
                      </button>
                    )}
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="admin-muted">
        Thresholds: site {thresholds.site.challenge}/{thresholds.site.pause} sessions a minute, each
        appeal {thresholds.appeal.challenge}/{thresholds.appeal.pause}; declines site{' '}
        {thresholds.siteDeclines.challenge}/{thresholds.siteDeclines.pause}, each appeal{' '}
        {thresholds.appealDeclines.challenge}/{thresholds.appealDeclines.pause} per 10 minutes
        (check / pause; set in the environment).
      </p>

      <h2>The browser check for every gift</h2>
      <Form method="post">
        <input type="hidden" name="scope" value="site" />
        {site?.challengeAlways ? (
          <button type="submit" name="intent" value="challenge-off" className="button">
            Switch the check off (only when risk is raised)
          </button>
        ) : (
          <button type="submit" name="intent" value="challenge-on" className="button">
            Switch the check on for every gift
          </button>
        )}
      </Form>

      <h2>Pause one appeal</h2>
      <Form method="post" className="admin-form">
        <input type="hidden" name="intent" value="pause" />
        <label htmlFor="safety-appeal">Appeal</label>
        <select id="safety-appeal" name="campaignId" required defaultValue="">
          <option value="" disabled>
            Choose an appeal
          </option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.title}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          Pause giving to this appeal
        </button>
      </Form>
    </section>
  )
}
