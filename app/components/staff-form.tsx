import { getInputProps, type FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { FieldError } from '#app/components/field-error.tsx'

type FieldProps = {
  meta: FieldMetadata<string | undefined>
  label: string
  type?: 'text' | 'email' | 'password' | 'date'
  autoComplete?: string
  hint?: ReactNode
  inputMode?: 'numeric' | 'text'
}

/** A labelled input with its hint and errors wired up for screen readers. */
export function StaffField({
  meta,
  label,
  type = 'text',
  autoComplete,
  hint,
  inputMode,
}: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined
  const props = getInputProps(meta, { type, ariaDescribedBy: hintId })
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function FormAlert({ id, errors }: { id?: string; errors: string[] | undefined }) {
  if (!errors?.length) return null
  return (
    <div className="form-alert" role="alert" id={id}>
      {errors.join(' ')}
    </div>
  )
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="admin-notice" role="status">
      {children}
    </div>
  )
}
