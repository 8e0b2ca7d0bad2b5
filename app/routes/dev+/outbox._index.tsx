// GET /dev/outbox: the emails Lantern wrote to the local outbox, newest first (loopback only, while mail goes to the outbox).
import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listOutbox, outboxVisible } from '#app/modules/email/outbox.server.ts'
import { notFound } from '#app/utils/http.ts'
import devStylesheet from '../../styles/dev.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: devStylesheet }]
export const meta: MetaFunction = () => [{ title: 'Outbox · Lantern development' }]
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ context }: LoaderFunctionArgs) {
  if (!outboxVisible(context.peerAddress)) throw notFound()
  const messages = await listOutbox()
  return {
    messages: messages.map((message) => ({ ...message, date: message.date.toISOString() })),
  }
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>()
  return (
    <article className="page dev-outbox" aria-labelledby="page-title">
      <p className="eyebrow">Development</p>
      <h1 id="page-title">Outbox</h1>
      <p>
        Without <code>SMTP_URL</code>, Lantern writes each email it sends to the local outbox
        instead. Newest first.
      </p>
      {messages.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <table className="dev-table">
          <thead>
            <tr>
              <th scope="col">Date (UTC)</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id}>
                <td>
                  <time dateTime={message.date}>{message.date.slice(0, 19).replace('T', ' ')}</time>
                </td>
                <td>{message.to}</td>
                <td>
                  <Link to={`/dev/outbox/${message.id}`}>{message.subject || '(no subject)'}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  )
}
