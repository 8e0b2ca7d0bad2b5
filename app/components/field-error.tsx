/**
 * The message under a form field that did not pass: one shape on every form, so a screen reader
 * finds it through the field's `aria-describedby` (the id) and styles stay in one place.
 */
export function FieldError({
  id,
  errors,
  alert = false,
}: {
  id: string | undefined
  errors: string | readonly string[] | null | undefined
  /** Announce the message at once (for errors shown after a submit without a page change). */
  alert?: boolean
}) {
  const text = typeof errors === 'string' ? errors : errors?.join(' ')
  if (!text) return null
  return (
    <p id={id} className="field-error" {...(alert ? { role: 'alert' } : {})}>
      {text}
    </p>
  )
}
