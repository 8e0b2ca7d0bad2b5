/**
 * A first, explainable spam filter for donor messages and public names: links, known spam
 * words and markup go straight to the spam bin; everything else waits for a moderator.
 * Nothing a donor writes is public before a person approves it.
 */
const LINK = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|org|ru|cn|xyz|top|info|biz|io)\b)/i
const MARKUP = /<[a-z/!]/i
const SPAM_WORDS =
  /\b(viagra|cialis|casino|poker|betting|loan|crypto|bitcoin|forex|pharmacy|pills?|porn|xxx|seo|backlinks?|pingback)\b/i

export type MessageVerdict = { spam: boolean; reason: string | null }

export function classifyMessage(...texts: Array<string | null | undefined>): MessageVerdict {
  const text = texts.filter(Boolean).join('\n')
  if (LINK.test(text)) return { spam: true, reason: 'contains a link' }
  if (MARKUP.test(text)) return { spam: true, reason: 'contains markup' }
  if (SPAM_WORDS.test(text)) return { spam: true, reason: 'contains a known spam word' }
  return { spam: false, reason: null }
}
