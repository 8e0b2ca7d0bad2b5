/**
 * "Share this appeal": the link to copy by hand, a copy button, and the device's own share sheet
 * (Web Share API) where the browser has one. Our own code only, no third-party share widgets:
 * they would tell others who gave. The buttons appear once the page's script has run.
 */
import { useEffect, useState } from 'react'

const COPY = {
  heading: 'Share this appeal',
  note: 'Sharing the link helps more than you might think. It carries no tracking.',
  linkLabel: 'Link to this appeal',
  copy: 'Copy link',
  copied: 'Link copied',
  copyFailed: 'Could not copy; select the link and copy it',
  share: 'Share…',
} as const

export function ShareAppeal({ url, title }: { url: string; title: string }) {
  const [ready, setReady] = useState(false)
  const [canShare, setCanShare] = useState(false)
  const [status, setStatus] = useState('')
  useEffect(() => {
    setReady(Boolean(navigator.clipboard))
    setCanShare(typeof navigator.share === 'function')
  }, [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
      setStatus(COPY.copied)
    } catch {
      setStatus(COPY.copyFailed)
    }
  }
  const share = () => {
    // A dismissed share sheet rejects; nothing to tell the donor.
    navigator.share({ title, url }).catch(() => undefined)
  }
  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">{COPY.heading}</h2>
      <p>{COPY.note}</p>
      <p>
        <input className="share-link" readOnly value={url} aria-label={COPY.linkLabel} />
      </p>
      {ready || canShare ? (
        <p className="share-actions">
          {ready ? (
            <button type="button" className="button" onClick={copy}>
              {COPY.copy}
            </button>
          ) : null}{' '}
          {canShare ? (
            <button type="button" className="button" onClick={share}>
              {COPY.share}
            </button>
          ) : null}
        </p>
      ) : null}
      <p role="status" className="field-hint">
        {status}
      </p>
    </section>
  )
}
