import { getCollectionProps, type FieldMetadata } from '@conform-to/react'
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '#app/modules/staff/roles.ts'
import { FieldError } from '#app/components/field-error.tsx'

const ROLE_HELP: Record<StaffRole, string> = {
  ADMIN: 'staff accounts, audit log and everything else; needs two-factor sign-in',
  CAMPAIGN_MANAGER: 'appeals, updates, moderation and campaign analytics',
  FINANCE: 'gifts, refunds, payouts, exports and receipts; needs two-factor sign-in',
}

/** The role checkboxes of the staff forms. */
export function RoleChoices({ meta }: { meta: FieldMetadata<string[] | undefined> }) {
  return (
    <fieldset
      className="choice-group admin-roles"
      aria-describedby={meta.errors?.length ? meta.errorId : undefined}
    >
      <legend>Roles</legend>
      {getCollectionProps(meta, { type: 'checkbox', options: [...STAFF_ROLES] }).map((props) => (
        <div className="field field--check" key={props.key}>
          <input {...props} key={undefined} />
          <label htmlFor={props.id}>
            <strong>{ROLE_LABELS[props.value as StaffRole]}</strong>:{' '}
            {ROLE_HELP[props.value as StaffRole]}
          </label>
        </div>
      ))}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}
