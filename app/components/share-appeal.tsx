/**
 * "Share this appeal": the link to copy by hand, a copy button, and the device's own share sheet
 * (Web Share API) where the browser has one. Our own code only, no third-party share widgets:
 * they would tell others who gave. The buttons appear once the page's script has run.
 */
import { useEffect, useState } from 'react'
import { FormattedMessage, useIntl } from '#app/i18n/i18n.tsx'

export function ShareAppeal({ url, title }: { url: string; title: string }) {
  const intl = useIntl()
  const [ready, setReady] = useState(false)
  const [canShare, setCanShare] = useState(false)
  const [status, setStatus] = useState<'copied' | 'copyFailed' | null>(null)
  useEffect(() => {
    setReady(Boolean(navigator.clipboard))
    setCanShare(typeof navigator.share === 'function')
  }, [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
      setStatus('copied')
    } catch {
      setStatus('copyFailed')
    }
  }
  const share = () => {
    // A dismissed share sheet rejects; nothing to tell the donor.
    navigator.share({ title, url }).catch(() => undefined)
  }
  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">
        <FormattedMessage id="share.heading" />
      </h2>
      <p>
        <FormattedMessage id="share.note" />
      </p>
      <p>
        <input
          className="share-link"
          readOnly
          value={url}
          aria-label={intl.formatMessage({ id: 'share.linkLabel' })}
        />
      </p>
      {ready || canShare ? (
        <p className="share-actions">
          {ready ? (
            <button type="button" className="button" onClick={copy}>
              <FormattedMessage id="share.copy" />
            </button>
          ) : null}{' '}
          {canShare ? (
            <button type="button" className="button" onClick={share}>
              <FormattedMessage id="share.share" />
            </button>
          ) : null}
        </p>
      ) : null}
      <p role="status" className="field-hint">
        {status === 'copied' ? (
          <FormattedMessage id="share.copied" />
        ) : status === 'copyFailed' ? (
          <FormattedMessage id="share.copyFailed" />
        ) : null}
      </p>
    </section>
  )
}
