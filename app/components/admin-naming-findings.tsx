import type { NamingFinding } from '#app/modules/campaigns/naming-check.ts'

const KIND_LABELS = { date: 'Date', name: 'Name?', place: 'Place' } as const

/** The naming check's findings, each with the sentence it was found in. */
export function AdminNamingFindings({ findings }: { findings: NamingFinding[] }) {
  if (findings.length === 0) {
    return <p className="admin-note">The naming check found no names, places or dates.</p>
  }
  return (
    <div className="admin-findings" role="alert">
      <p>
        <strong>Check before publishing:</strong> these words may name a person or a place, or give
        a date. Change them, add safe ones to the appeal&apos;s allowed terms, or confirm.
      </p>
      <ul>
        {findings.map((finding, index) => (
          <li key={index}>
            <span className="admin-findings__kind">{KIND_LABELS[finding.kind]}</span>{' '}
            <mark>{finding.text}</mark> in “{finding.sentence}”
          </li>
        ))}
      </ul>
    </div>
  )
}
