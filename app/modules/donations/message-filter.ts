/**
 * A first, explainable spam filter for donor messages and public names: links, known spam
 * words, markup and the same text posted again within a day go straight to the spam bin (with
 * the reason, shown to moderators); everything else waits for a moderator.
 * Nothing a donor writes is public before a person approves it.
 */
const LINK = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|org|ru|cn|xyz|top|info|biz|io)\b)/i
const MARKUP = /<[a-z/!]/i
const SPAM_WORDS =
  /\b(viagra|cialis|casino|poker|betting|loans?|payday|crypto|bitcoin|forex|pharmacy|pills?|porn|xxx|escorts?|dating|replica|seo|backlinks?|pingback|followers|weight ?loss)\b/i

/** Two identical posts within this window: the second is spam (bots repeat; people rarely do). */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000
export const REPEATED_POST_REASON = 'repeats a message posted in the last day'

export type MessageVerdict = { spam: boolean; reason: string | null }

export function classifyMessage(...texts: Array<string | null | undefined>): MessageVerdict {
  const text = texts.filter(Boolean).join('\n')
  if (LINK.test(text)) return { spam: true, reason: 'contains a link' }
  if (MARKUP.test(text)) return { spam: true, reason: 'contains markup' }
  if (SPAM_WORDS.test(text)) return { spam: true, reason: 'contains a known spam word' }
  return { spam: false, reason: null }
}

/** The text compared for repeats: case and spacing do not make a post new. */
export function normaliseForRepeat(body: string): string {
  return body.trim().replace(/\s+/g, ' ').toLowerCase()
}

/**
 * The full verdict: content rules first, then repeats. `countIdenticalSince` answers how many
 * messages with this normalised body arrived since a time (a database query in the caller).
 */
export async function classifyDonorMessage(
  input: { body: string | null; displayName: string | null; now: Date },
  countIdenticalSince: (normalisedBody: string, since: Date) => Promise<number>,
): Promise<MessageVerdict> {
  const verdict = classifyMessage(input.body, input.displayName)
  if (verdict.spam || !input.body) return verdict
  const since = new Date(input.now.getTime() - REPEAT_WINDOW_MS)
  if ((await countIdenticalSince(normaliseForRepeat(input.body), since)) > 0) {
    return { spam: true, reason: REPEATED_POST_REASON }
  }
  return verdict
}
