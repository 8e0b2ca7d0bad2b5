import type { ReactNode } from 'react'

/** Tags our catalog messages use: `<strong>…</strong>`, `<hidden>…</hidden>` (screen readers). */
export const strong = (chunks: ReactNode) => <strong>{chunks}</strong>
export const hidden = (chunks: ReactNode) => <span className="visually-hidden">{chunks}</span>
