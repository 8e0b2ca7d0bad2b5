/** The gifts ledger's filter form (GET), with each bad value reported at its field. */
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { FUNDS, FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import {
  GIFT_FREQUENCIES,
  GIFT_SOURCES,
  GIFT_STATUSES,
  type LedgerFilterKey,
} from '#app/modules/ledger/ledger-filter.ts'
import { CURRENCY_CODES } from '#app/modules/ledger/money.ts'
import { FREQUENCY_LABELS, METHOD_LABELS, SOURCE_LABELS, STATUS_LABELS } from './ledger-format.tsx'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  values: Record<LedgerFilterKey, string>
  fieldErrors: Partial<Record<string, string[]>>
  campaigns: Array<{ id: string; title: string }>
}

function Field({
  name,
  label,
  errors,
  children,
  hint,
}: {
  name: string
  label: string
  errors: string[] | undefined
  children: (props: {
    id: string
    name: string
    'aria-invalid'?: true
    'aria-describedby'?: string
  }) => ReactNode
  hint?: string
}) {
  const id = `ledger-${name}`
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        name,
        ...(errors?.length ? { 'aria-invalid': true } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  )
}

function Select({
  name,
  label,
  values,
  fieldErrors,
  options,
  anyLabel,
}: Pick<Props, 'values' | 'fieldErrors'> & {
  name: LedgerFilterKey
  label: string
  options: Array<[string, string]>
  anyLabel: string
}) {
  const current = values[name]
  // A value typed into the URL that the list does not offer stays visible (and gets its error).
  const all =
    current && !options.some(([value]) => value === current)
      ? [...options, [current, current] as [string, string]]
      : options
  return (
    <Field name={name} label={label} errors={fieldErrors[name]}>
      {(props) => (
        <select {...props} defaultValue={current}>
          <option value="">{anyLabel}</option>
          {all.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export function LedgerFilters({ values, fieldErrors, campaigns }: Props) {
  const shared = { values, fieldErrors }
  return (
    <Form method="get" className="admin-filters ledger-filters" aria-label="Filter gifts">
      <Field
        name="q"
        label="Search"
        errors={fieldErrors.q}
        hint="Donor email, receipt number or Stripe id"
      >
        {(props) => <input {...props} type="search" defaultValue={values.q} />}
      </Field>
      <Field name="from" label="From (UTC)" errors={fieldErrors.from}>
        {(props) => <input {...props} type="date" defaultValue={values.from} />}
      </Field>
      <Field name="to" label="To (UTC)" errors={fieldErrors.to}>
        {(props) => <input {...props} type="date" defaultValue={values.to} />}
      </Field>
      <Select
        {...shared}
        name="campaign"
        label="Campaign"
        anyLabel="Any campaign"
        options={campaigns.map((campaign) => [campaign.id, campaign.title])}
      />
      <Select
        {...shared}
        name="fund"
        label="Fund"
        anyLabel="Any fund"
        options={FUNDS.map((fund) => [fund, FUND_DETAILS[fund].label])}
      />
      <Select
        {...shared}
        name="status"
        label="Status"
        anyLabel="Any status"
        options={GIFT_STATUSES.map((status) => [status, STATUS_LABELS[status] ?? status])}
      />
      <Select
        {...shared}
        name="frequency"
        label="Frequency"
        anyLabel="One-time or monthly"
        options={GIFT_FREQUENCIES.map((value) => [value, FREQUENCY_LABELS[value] ?? value])}
      />
      <Select
        {...shared}
        name="currency"
        label="Currency"
        anyLabel="Any currency"
        options={CURRENCY_CODES.map((code) => [code, code])}
      />
      <Select
        {...shared}
        name="method"
        label="Method"
        anyLabel="Any method"
        options={Object.entries(METHOD_LABELS)}
      />
      <Select
        {...shared}
        name="source"
        label="Source"
        anyLabel="Online or offline"
        options={GIFT_SOURCES.map((value) => [value, SOURCE_LABELS[value] ?? value])}
      />
      <fieldset className="ledger-flags">
        <legend>Only gifts</legend>
        {(
          [
            ['refunded', 'with refunds'],
            ['disputed', 'with disputes'],
          ] as const
        ).map(([name, label]) => (
          <div key={name} className="field field--check">
            <input
              id={`ledger-${name}`}
              type="checkbox"
              name={name}
              value="1"
              defaultChecked={values[name] !== ''}
              aria-invalid={fieldErrors[name]?.length ? true : undefined}
              aria-describedby={fieldErrors[name]?.length ? `ledger-${name}-error` : undefined}
            />
            <label htmlFor={`ledger-${name}`}>{label}</label>
            <FieldError id={`ledger-${name}-error`} errors={fieldErrors[name]} />
          </div>
        ))}
      </fieldset>
      <div className="admin-actions">
        <button type="submit" className="button">
          Filter
        </button>
        <Link to="/admin/finance/gifts" className="ledger-clear">
          Clear filters
        </Link>
      </div>
    </Form>
  )
}
