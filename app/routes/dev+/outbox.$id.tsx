// GET /dev/outbox/:id: one email of the local outbox (loopback only, while mail goes to the outbox). The HTML part is shown
// in a sandboxed iframe, never injected into this page: email HTML is untrusted content.
import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { outboxVisible, readOutboxMessage } from '#app/modules/email/outbox.server.ts'
import { notFound } from '#app/utils/http.ts'
import devStylesheet from '../../styles/dev.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: devStylesheet }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.message.subject || 'Email'} · Outbox · Lantern development` },
]
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!outboxVisible(context.peerAddress)) throw notFound()
  const message = await readOutboxMessage(params.id ?? '')
  if (!message) throw notFound()
  return { message: { ...message, date: message.date.toISOString() } }
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>()
  return (
    <article className="page dev-outbox" aria-labelledby="page-title">
      <p>
        <Link to="/dev/outbox">← Outbox</Link>
      </p>
      <h1 id="page-title">{message.subject || '(no subject)'}</h1>
      <dl className="dev-outbox__meta">
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Date (UTC)</dt>
        <dd>
          <time dateTime={message.date}>{message.date.slice(0, 19).replace('T', ' ')}</time>
        </dd>
      </dl>
      <h2>Text part</h2>
      {message.text === null ? (
        <p>This email has no text part.</p>
      ) : (
        <pre className="dev-outbox__text">{message.text}</pre>
      )}
      <h2>HTML part</h2>
      {message.html === null ? (
        <p>This email has no HTML part.</p>
      ) : (
        <iframe
          className="dev-outbox__html"
          title={`HTML part of “${message.subject}”`}
          sandbox=""
          srcDoc={message.html}
        />
      )}
    </article>
  )
}
