import { Form, Link } from '@remix-run/react'
import { localeConfig } from '#app/i18n/locale.ts'
import { TRANSLATION_LOCALES, languageName } from '#app/modules/campaigns/campaign-content.ts'
import type { NamingFinding } from '#app/modules/campaigns/naming-check.ts'
import { AdminNamingFindings } from './admin-naming-findings.tsx'
import { FieldError } from '#app/components/field-error.tsx'

type Update = {
  id: string
  title: string
  body: string
  html: string
  publishedAt: string | null
  emailedAt: string | null
  translations: Array<{
    locale: string
    language: string
    title: string
    body: string
    html: string
  }>
}

type Errors = Record<string, string[] | undefined> | null

/** A text field of the update form with its label and error (`name` is the form field). */
function UpdateField({
  name,
  label,
  defaultValue,
  errors,
  lang,
  multiline = false,
}: {
  name: string
  label: string
  defaultValue: string | undefined
  errors: Errors
  lang?: string
  multiline?: boolean
}) {
  const id = `update-${name.replace(/\./g, '-')}`
  const error = errors?.[name]
  const props = {
    id,
    name,
    lang,
    defaultValue,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...props} rows={8} /> : <input {...props} type="text" />}
      <FieldError id={`${id}-error`} errors={error} />
    </div>
  )
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

/** Writes a new update, or edits `editing`. */
export function AdminUpdateForm({
  campaignId,
  editing,
  errors,
}: {
  campaignId: string
  editing: Update | null
  errors: Record<string, string[] | undefined> | null
}) {
  return (
    <Form method="post" className="admin-form">
      <h2>{editing ? 'Edit the update' : 'Write an update'}</h2>
      {editing ? <input type="hidden" name="updateId" value={editing.id} /> : null}
      <div className="field">
        <label htmlFor="update-title">Title</label>
        <input
          id="update-title"
          name="title"
          type="text"
          defaultValue={editing?.title}
          aria-invalid={errors?.title ? true : undefined}
          aria-describedby={errors?.title ? 'update-title-error' : undefined}
        />
        <FieldError id="update-title-error" errors={errors?.title} />
      </div>
      <div className="field">
        <label htmlFor="update-body">Update (Markdown)</label>
        <textarea
          id="update-body"
          name="body"
          rows={8}
          defaultValue={editing?.body}
          aria-invalid={errors?.body ? true : undefined}
          aria-describedby={errors?.body ? 'update-body-error' : undefined}
        />
        <FieldError id="update-body-error" errors={errors?.body} />
      </div>
      {TRANSLATION_LOCALES.map((code) => {
        const language = languageName(code)
        const translation = editing?.translations.find((t) => t.locale === code)
        return (
          <fieldset key={code} className="admin-translation">
            <legend>{language} version (optional)</legend>
            <p className="field-hint">
              Without it, {language} pages show the English update with a note. Fill in both or
              neither.
            </p>
            <UpdateField
              name={`translations.${code}.title`}
              label={`Title in ${language}`}
              defaultValue={translation?.title}
              errors={errors}
              lang={localeConfig(code).code}
            />
            <UpdateField
              name={`translations.${code}.body`}
              label={`Update in ${language} (Markdown)`}
              defaultValue={translation?.body}
              errors={errors}
              lang={localeConfig(code).code}
              multiline
            />
          </fieldset>
        )
      })}
      <p className="admin-actions">
        <button type="submit" name="intent" value="save" className="button button--primary">
          Save draft update
        </button>
        {editing ? <Link to={`/admin/campaigns/${campaignId}/updates`}>Cancel editing</Link> : null}
      </p>
    </Form>
  )
}

/** The campaign's updates, newest first, each with Edit and (for drafts) Publish. */
export function AdminUpdateList({
  updates,
  findings,
  findingsFor,
}: {
  updates: Update[]
  findings: NamingFinding[] | null
  findingsFor: string | null
}) {
  return (
    <>
      <h2>Updates</h2>
      {updates.length === 0 ? <p>No updates yet.</p> : null}
      <ul className="admin-queue">
        {updates.map((update) => (
          <li key={update.id}>
            <h3>{update.title}</h3>
            <p className="admin-muted">
              {update.publishedAt
                ? `Published ${dateFormat.format(new Date(update.publishedAt))}`
                : 'Draft'}
            </p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: update.html }} />
            {update.translations.map((translation) => (
              <div key={translation.locale} lang={localeConfig(translation.locale).code}>
                <h4>
                  <span lang="en">{translation.language}:</span> {translation.title}
                </h4>
                <div className="prose" dangerouslySetInnerHTML={{ __html: translation.html }} />
              </div>
            ))}
            {findings && findingsFor === update.id ? (
              <AdminNamingFindings findings={findings} />
            ) : null}
            <div className="admin-actions">
              <Link to={`?edit=${update.id}`}>
                Edit<span className="visually-hidden"> {update.title}</span>
              </Link>
              {update.publishedAt && !update.emailedAt ? (
                <Form method="post">
                  <input type="hidden" name="updateId" value={update.id} />
                  <button type="submit" name="intent" value="email" className="button">
                    Email to donors who asked for updates
                    <span className="visually-hidden"> ({update.title})</span>
                  </button>
                </Form>
              ) : null}
              {update.emailedAt ? (
                <span className="admin-muted">
                  Emailed {dateFormat.format(new Date(update.emailedAt))}
                </span>
              ) : null}
              {update.publishedAt ? null : (
                <Form method="post" className="admin-actions">
                  <input type="hidden" name="updateId" value={update.id} />
                  {findings && findingsFor === update.id ? (
                    <div className="field field--check">
                      <input
                        type="checkbox"
                        id={`confirm-${update.id}`}
                        name="namingConfirmed"
                        required
                      />
                      <label htmlFor={`confirm-${update.id}`}>I have checked: publish anyway</label>
                    </div>
                  ) : null}
                  <button
                    type="submit"
                    name="intent"
                    value="publish"
                    className="button button--small"
                  >
                    Publish<span className="visually-hidden"> {update.title}</span>
                  </button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
