import { AdminFiguresTable } from './admin-figures-table.tsx'
import { formatMoney } from '#app/modules/ledger/money.ts'

type Point = { day: string; raisedMinor: number; gifts: number }

const WIDTH = 720
const HEIGHT = 220
const PAD = { top: 12, right: 12, bottom: 28, left: 12 }

/**
 * Raised per day as a server-rendered SVG bar chart (no chart library, no script): role="img"
 * with a title and description, and the same numbers in a table for screen readers and print.
 */
export function AdminDailyChart({
  id,
  currency,
  points,
}: {
  id: string
  currency: string
  points: Point[]
}) {
  const max = Math.max(1, ...points.map((point) => point.raisedMinor))
  const total = points.reduce((sum, point) => sum + point.raisedMinor, 0)
  const plotWidth = WIDTH - PAD.left - PAD.right
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const step = plotWidth / Math.max(1, points.length)
  const money = (minor: number) => formatMoney(minor, currency, { trimWholeUnits: true })
  const first = points[0]?.day
  const last = points.at(-1)?.day
  return (
    <figure className="admin-chart-figure">
      <svg
        className="admin-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{`Raised per day in ${currency}`}</title>
        <desc id={`${id}-desc`}>
          {`${money(total)} raised from ${first} to ${last}; the best day raised ${money(max === 1 && total === 0 ? 0 : max)}.`}
        </desc>
        <line
          className="admin-chart__axis"
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
        />
        {points.map((point, index) => {
          const height = Math.round((point.raisedMinor / max) * plotHeight)
          return (
            <rect
              key={point.day}
              className="admin-chart__bar"
              x={PAD.left + index * step + 1}
              y={HEIGHT - PAD.bottom - height}
              width={Math.max(1, step - 2)}
              height={height}
            />
          )
        })}
        <text className="admin-chart__label" x={PAD.left} y={HEIGHT - 8}>
          {first}
        </text>
        <text className="admin-chart__label" x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end">
          {last}
        </text>
      </svg>
      <details>
        <summary>Daily figures as a table</summary>
        <AdminFiguresTable
          caption={`Raised per day in ${currency}`}
          captionHidden
          headers={['Day (UTC)', 'Gifts', 'Raised']}
          rows={points.map((point) => ({
            key: point.day,
            label: point.day,
            first: point.gifts,
            second: money(point.raisedMinor),
          }))}
        />
      </details>
    </figure>
  )
}
