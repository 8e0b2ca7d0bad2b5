import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { FormAlert } from '#app/components/staff-form.tsx'
import { resolveExceptionSchema } from '#app/modules/finance/exception-form.ts'
import { parseForm } from '#app/utils/forms.ts'
import { FieldError } from '#app/components/field-error.tsx'

export type ResolveActionData = {
  exceptionId: string
  intent: 'link' | 'note'
  result: SubmissionResult<string[]>
}

/** The two ways to resolve one exception: link its line to a gift, or explain it in a note. */
export function ResolveExceptionForms({
  exceptionId,
  canLink,
  lastResult,
}: {
  exceptionId: string
  canLink: boolean
  lastResult: ResolveActionData | null
}) {
  const resultFor = (intent: 'link' | 'note') =>
    lastResult && lastResult.exceptionId === exceptionId && lastResult.intent === intent
      ? lastResult.result
      : null
  const [linkForm, linkFields] = useForm({
    id: `link-${exceptionId}`,
    lastResult: resultFor('link'),
    constraint: getZodConstraint(resolveExceptionSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseForm(formData, resolveExceptionSchema),
  })
  const [noteForm, noteFields] = useForm({
    id: `note-${exceptionId}`,
    lastResult: resultFor('note'),
    constraint: getZodConstraint(resolveExceptionSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseForm(formData, resolveExceptionSchema),
  })
  const reference = linkFields.reference as FieldMetadata<string | undefined>
  const linkNote = linkFields.note as FieldMetadata<string | undefined>
  const note = noteFields.note as FieldMetadata<string | undefined>
  return (
    <div className="payout-resolve">
      {canLink ? (
        <Form method="post" {...getFormProps(linkForm)} aria-label="Link to a gift">
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="exceptionId" value={exceptionId} />
          <FormAlert id={linkForm.errorId} errors={linkForm.errors} />
          <div className="field">
            <label htmlFor={reference.id}>Gift id, Stripe charge id or payment intent id</label>
            <input
              {...getInputProps(reference, { type: 'text' })}
              key={reference.key}
              autoComplete="off"
            />
            <FieldError id={reference.errorId} errors={reference.errors} />
          </div>
          <div className="field">
            <label htmlFor={linkNote.id}>Note (optional)</label>
            <textarea {...getTextareaProps(linkNote)} key={linkNote.key} />
            <FieldError id={linkNote.errorId} errors={linkNote.errors} />
          </div>
          <button type="submit" className="button button--small">
            Link to this gift
          </button>
        </Form>
      ) : null}
      <Form method="post" {...getFormProps(noteForm)} aria-label="Resolve with a note">
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="exceptionId" value={exceptionId} />
        <FormAlert id={noteForm.errorId} errors={noteForm.errors} />
        <div className="field">
          <label htmlFor={note.id}>Why this is in order (required)</label>
          <textarea {...getTextareaProps(note)} key={note.key} />
          <FieldError id={note.errorId} errors={note.errors} />
        </div>
        <button type="submit" className="button button--small">
          Resolve with this note
        </button>
      </Form>
    </div>
  )
}
