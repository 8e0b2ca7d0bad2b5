import { FormattedMessage, useIntl } from '#app/i18n/i18n.tsx'
import { PUBLIC_DATE } from './public-text.ts'

type Message = { id: string; displayName: string | null; body: string | null; createdAt: string }

/** Approved donor messages and names (moderated; never from anonymous gifts). */
export function CampaignMessages({ messages }: { messages: Message[] }) {
  const intl = useIntl()
  if (messages.length === 0) return null
  return (
    <section className="messages" aria-labelledby="messages-title">
      <h2 id="messages-title">
        <FormattedMessage id="appeal.messagesTitle" />
      </h2>
      <ul className="messages__list">
        {messages.map((message) => (
          <li key={message.id}>
            {message.body ? <blockquote>{message.body}</blockquote> : null}
            <p className="messages__by">
              {message.displayName ?? intl.formatMessage({ id: 'appeal.anonymousDonor' })} ·{' '}
              {intl.formatDate(message.createdAt, PUBLIC_DATE)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}
