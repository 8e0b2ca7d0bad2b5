import { FormattedMessage } from '#app/i18n/i18n.tsx'

const MESSAGES = {
  appeal: 'content.untranslatedAppeal',
  card: 'content.untranslatedCard',
  update: 'content.untranslatedUpdate',
} as const

/**
 * Says, in the page's language, that an appeal (or one update) has no translation yet and is
 * shown in English (app/modules/campaigns/campaign-content.ts). The English text itself carries
 * `lang`, set by the caller.
 */
export function UntranslatedNote({
  untranslated,
  kind,
}: {
  untranslated: boolean
  kind: keyof typeof MESSAGES
}) {
  if (!untranslated) return null
  return (
    <p className={`untranslated-note untranslated-note--${kind}`}>
      <FormattedMessage id={MESSAGES[kind]} />
    </p>
  )
}
