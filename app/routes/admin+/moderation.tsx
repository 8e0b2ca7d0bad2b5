import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  MODERATION_DECISIONS,
  listModeration,
  moderateMessage,
  moderationCounts,
  type ModerationDecision,
} from '#app/modules/campaigns/moderation.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'
import styles from '#app/styles/admin-campaigns.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Moderation')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const bin = new URL(request.url).searchParams.get('bin') === 'spam' ? 'spam' : 'pending'
  const [messages, counts] = await Promise.all([listModeration(bin), moderationCounts()])
  return { bin, messages, counts }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['CAMPAIGN_MANAGER'])
  const formData = await request.formData()
  const decision = String(formData.get('decision') ?? '')
  if (!MODERATION_DECISIONS.includes(decision as ModerationDecision)) {
    return data({ message: 'Choose approve, reject or spam.' }, { status: 400 })
  }
  const outcome = await moderateMessage(
    String(formData.get('messageId') ?? ''),
    decision as ModerationDecision,
    staffContext(staff, context.clientIp),
  )
  if (outcome.kind === 'refused') return data({ message: outcome.message }, { status: 400 })
  return redirect(`/admin/moderation${formData.get('bin') === 'spam' ? '?bin=spam' : ''}`)
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const BUTTONS: Array<[ModerationDecision, string]> = [
  ['APPROVED', 'Approve'],
  ['REJECTED', 'Reject'],
  ['SPAM', 'Mark as spam'],
]

export default function Moderation() {
  const { bin, messages, counts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <section aria-labelledby="moderation-title">
      <h1 id="moderation-title">Moderation</h1>
      <p>Messages and public names from donors appear on appeal pages only after approval.</p>
      <nav aria-label="Moderation bins">
        <ul className="admin-subnav">
          <li>
            <Link
              to="/admin/moderation"
              className={bin === 'pending' ? 'active' : undefined}
              aria-current={bin === 'pending' ? 'page' : undefined}
            >
              Waiting ({counts.pending})
            </Link>
          </li>
          <li>
            <Link
              to="/admin/moderation?bin=spam"
              className={bin === 'spam' ? 'active' : undefined}
              aria-current={bin === 'spam' ? 'page' : undefined}
            >
              Spam bin ({counts.spam})
            </Link>
          </li>
        </ul>
      </nav>
      {actionData?.message ? (
        <p className="form-alert" role="alert">
          {actionData.message}
        </p>
      ) : null}
      {messages.length === 0 ? <p>Nothing here.</p> : null}
      <ul className="admin-queue">
        {messages.map((message) => (
          <li key={message.id}>
            <p className="admin-muted">
              For <Link to={`/campaigns/${message.campaign.slug}`}>{message.campaign.title}</Link> ·{' '}
              {dateTime.format(new Date(message.createdAt))} UTC
            </p>
            <p>
              <strong>Public name:</strong>{' '}
              {message.displayName ?? <em>none (shown as “A donor”)</em>}
            </p>
            {message.body ? (
              <blockquote>{message.body}</blockquote>
            ) : (
              <p>
                <em>No message</em>
              </p>
            )}
            {message.spamReason ? (
              <p>
                <strong>Spam filter:</strong> {message.spamReason}
              </p>
            ) : null}
            <Form method="post" className="admin-actions">
              <input type="hidden" name="messageId" value={message.id} />
              <input type="hidden" name="bin" value={bin} />
              {BUTTONS.filter(([decision]) => decision !== message.status).map(
                ([decision, label]) => (
                  <button
                    key={decision}
                    type="submit"
                    name="decision"
                    value={decision}
                    className="button button--small"
                  >
                    {label}
                    <span className="visually-hidden">
                      {' '}
                      the message from {message.displayName ?? 'a donor'}
                    </span>
                  </button>
                ),
              )}
            </Form>
          </li>
        ))}
      </ul>
    </section>
  )
}
