import { FormattedMessage } from '#app/i18n/i18n.tsx'

export function TestModeBanner() {
  return (
    <div className="test-mode-banner" role="note">
      <FormattedMessage
        id="site.testMode"
        values={{ strong: (chunks) => <strong>{chunks}</strong> }}
      />
    </div>
  )
}
