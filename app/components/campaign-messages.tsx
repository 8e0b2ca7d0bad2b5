type Message = { id: string; displayName: string | null; body: string | null; createdAt: string }

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** Approved donor messages and names (moderated; never from anonymous gifts). */
export function CampaignMessages({ messages }: { messages: Message[] }) {
  if (messages.length === 0) return null
  return (
    <section className="messages" aria-labelledby="messages-title">
      <h2 id="messages-title">Words from donors</h2>
      <ul className="messages__list">
        {messages.map((message) => (
          <li key={message.id}>
            {message.body ? <blockquote>{message.body}</blockquote> : null}
            <p className="messages__by">
              {message.displayName ?? 'A donor'} · {dateFormat.format(new Date(message.createdAt))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}
