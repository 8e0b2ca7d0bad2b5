import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import {
  MAX_SUGGESTED_AMOUNTS,
  campaignFormSchema,
  parseAllowedTerms,
  type CampaignFormInput,
  type CampaignFormValue,
  type toFormDefaults,
} from '#app/modules/campaigns/campaign-form.ts'
import { localeConfig } from '#app/i18n/locale.ts'
import { TRANSLATION_LOCALES, languageName } from '#app/modules/campaigns/campaign-content.ts'
import { FUNDS, FUND_DETAILS } from '#app/modules/campaigns/funds.ts'
import { renderMarkdown } from '#app/modules/campaigns/markdown.ts'
import { checkNaming, type NamingFinding } from '#app/modules/campaigns/naming-check.ts'
import { CURRENCY_CODES } from '#app/modules/ledger/money.ts'
import { parseForm } from '#app/utils/forms.ts'
import { AdminNamingFindings } from './admin-naming-findings.tsx'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  defaultValue: ReturnType<typeof toFormDefaults> | null
  lastResult: SubmissionResult<string[]> | null
  storyPreview: {
    html: string
    findings: NamingFinding[]
    translations: Array<{ locale: string; lang: string; language: string; html: string }>
  } | null
  /** Goal and currency are fixed once gifts exist. */
  moneyLocked: boolean
  submitLabel: string
  /** Where "Preview page" posts the unsaved form (existing campaigns only). */
  previewAction?: string
}

function Field({
  meta,
  label,
  hint,
  children,
}: {
  meta: FieldMetadata<unknown>
  label: string
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={`${meta.id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/**
 * Donors may give in any currency (docs/decisions/0020). A list here sets that currency's
 * buttons; left empty, Lantern proposes round amounts from the appeal's own at the staff rate.
 */
function OtherCurrencyAmounts({
  fields,
  appealCurrency,
}: {
  fields: Record<string, FieldMetadata<string | undefined>>
  appealCurrency: string
}) {
  return (
    <fieldset className="admin-amounts">
      <legend>Amounts for donors giving in other currencies (optional)</legend>
      <p className="field-hint">
        Amounts separated by spaces, in that currency, such as 10000 30000 50000. Each button shows
        the line of the appeal's own amount at the same position. Leave a currency empty and the
        form offers the appeal's amounts converted at the finance rate, rounded.
      </p>
      {CURRENCY_CODES.filter((code) => code !== appealCurrency).map((code) => {
        const meta = fields[code]
        return meta ? (
          <Field key={code} meta={meta} label={`Amounts in ${code}`}>
            <input {...getInputProps(meta, { type: 'text' })} inputMode="decimal" />
          </Field>
        ) : null
      })}
    </fieldset>
  )
}

const EMPTY_DEFAULTS = {
  fund: 'RESCUE',
  currency: 'USD',
  amounts: [{ amount: '', impact: '' }],
}

/**
 * The story as it will look, re-rendered as the manager types (the same safe Markdown rules as
 * the public page), with the naming check's findings. The "Preview story" button gives the same
 * on the server when JavaScript is off.
 */
function LiveStoryPreview({
  story,
  allowedTerms,
  locale,
}: {
  story: string
  allowedTerms: string
  /** A translation's language code; none for the English story. */
  locale?: string
}) {
  if (!story.trim()) return null
  const findings = checkNaming([story], parseAllowedTerms(allowedTerms))
  const titleId = `live-preview-title${locale ? `-${locale}` : ''}`
  return (
    <section className="admin-story-preview" aria-labelledby={titleId} aria-live="polite">
      <h2 id={titleId}>Live preview{locale ? ` (${languageName(locale)})` : null}</h2>
      <p className="admin-note">
        {findings.length === 0
          ? 'The naming check finds no names, places or dates so far.'
          : `The naming check flags: ${findings.map((finding) => finding.text).join(', ')}. Check them before you publish.`}
      </p>
      <div
        className="prose"
        lang={locale ? localeConfig(locale).code : undefined}
        dangerouslySetInnerHTML={{ __html: renderMarkdown(story) }}
      />
    </section>
  )
}

/**
 * One language's optional fields: title, summary and story, each marked with its `lang` so the
 * browser picks the right spell checker and input tools. Impact lines sit with their amounts.
 */
function TranslationFields({
  code,
  fields,
  allowedTerms,
}: {
  code: string
  fields: ReturnType<
    FieldMetadata<{ title?: string; summary?: string; story?: string }>['getFieldset']
  >
  allowedTerms: string
}) {
  const language = languageName(code)
  const lang = localeConfig(code).code
  const [storyDraft, setStoryDraft] = useState(String(fields.story.initialValue ?? ''))
  return (
    <fieldset className="admin-translation">
      <legend>{language} version (optional)</legend>
      <p className="field-hint">
        Leave every {language} field empty to show the English text, with a note, on {language}{' '}
        pages. Once you start, fill in the title, summary, story and every impact line.
      </p>
      <Field meta={fields.title} label={`Title in ${language}`}>
        <input {...getInputProps(fields.title, { type: 'text' })} lang={lang} />
      </Field>
      <Field meta={fields.summary} label={`Summary in ${language}`}>
        <textarea {...getTextareaProps(fields.summary)} rows={2} lang={lang} />
      </Field>
      <Field meta={fields.story} label={`Story in ${language} (Markdown)`}>
        <textarea
          {...getTextareaProps(fields.story)}
          rows={14}
          lang={lang}
          onInput={(event) => setStoryDraft(event.currentTarget.value)}
        />
      </Field>
      <LiveStoryPreview story={storyDraft} allowedTerms={allowedTerms} locale={code} />
    </fieldset>
  )
}

export function AdminCampaignForm(props: Props) {
  const [form, fields] = useForm<CampaignFormInput, CampaignFormValue>({
    id: 'campaign',
    lastResult: props.lastResult,
    defaultValue: props.defaultValue ?? EMPTY_DEFAULTS,
    constraint: getZodConstraint(campaignFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseForm(formData, campaignFormSchema),
  })
  const amounts = fields.amounts.getFieldList()
  const translations = fields.translations.getFieldset()
  const hint = (id: string) => ({ ariaDescribedBy: `${id}-hint` })
  const [storyDraft, setStoryDraft] = useState(String(fields.story.initialValue ?? ''))
  const [allowedTermsDraft, setAllowedTermsDraft] = useState(
    String(fields.allowedTerms.initialValue ?? ''),
  )

  return (
    <Form method="post" {...getFormProps(form)} className="admin-form">
      {form.errors?.length ? (
        <div className="form-alert" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </div>
      ) : null}
      <div className="admin-form__grid">
        <Field meta={fields.title} label="Title">
          <input {...getInputProps(fields.title, { type: 'text' })} />
        </Field>
        <Field
          meta={fields.slug}
          label="Web address"
          hint="Lower-case words joined by hyphens: /campaigns/winter-shelter. Old addresses keep working after a change."
        >
          <input {...getInputProps(fields.slug, { type: 'text', ...hint(fields.slug.id) })} />
        </Field>
      </div>
      <Field meta={fields.summary} label="Summary">
        <textarea {...getTextareaProps(fields.summary)} rows={2} />
      </Field>
      <Field
        meta={fields.story}
        label="Story (Markdown)"
        hint="Use pseudonyms. Never name people, towns, routes or dates of crossing."
      >
        <textarea
          {...getTextareaProps(fields.story, hint(fields.story.id))}
          rows={14}
          onInput={(event) => setStoryDraft(event.currentTarget.value)}
        />
      </Field>
      <LiveStoryPreview story={storyDraft} allowedTerms={allowedTermsDraft} />
      {TRANSLATION_LOCALES.map((code) => {
        const meta = translations[code]
        return meta ? (
          <TranslationFields
            key={code}
            code={code}
            fields={meta.getFieldset()}
            allowedTerms={allowedTermsDraft}
          />
        ) : null
      })}
      <p className="admin-actions">
        <button type="submit" name="intent" value="preview" className="button" formNoValidate>
          Preview story and check names
        </button>
        {props.previewAction ? (
          <button type="submit" formAction={props.previewAction} className="button" formNoValidate>
            Preview page
          </button>
        ) : null}
        {props.previewAction
          ? TRANSLATION_LOCALES.map((code) => (
              <button
                key={code}
                type="submit"
                formAction={`${props.previewAction}?lang=${code}`}
                className="button"
                formNoValidate
              >
                Preview page in {languageName(code)}
              </button>
            ))
          : null}
      </p>
      {props.storyPreview ? (
        <section className="admin-story-preview" aria-labelledby="story-preview-title">
          <h2 id="story-preview-title">Story preview</h2>
          <AdminNamingFindings findings={props.storyPreview.findings} />
          <div className="prose" dangerouslySetInnerHTML={{ __html: props.storyPreview.html }} />
          {props.storyPreview.translations.map((translation) => (
            <div key={translation.locale}>
              <h3>Story in {translation.language}</h3>
              <div
                className="prose"
                lang={translation.lang}
                dangerouslySetInnerHTML={{ __html: translation.html }}
              />
            </div>
          ))}
        </section>
      ) : null}

      <div className="admin-form__grid">
        <Field meta={fields.fund} label="Fund">
          <select {...getSelectProps(fields.fund)}>
            {FUNDS.map((fund) => (
              <option key={fund} value={fund}>
                {FUND_DETAILS[fund].label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          meta={fields.currency}
          label="Currency"
          hint={props.moneyLocked ? 'Fixed: this appeal has received gifts.' : undefined}
        >
          <select {...getSelectProps(fields.currency)} disabled={props.moneyLocked}>
            {CURRENCY_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
          {props.moneyLocked ? (
            <input
              type="hidden"
              name={fields.currency.name}
              value={String(fields.currency.initialValue ?? '')}
            />
          ) : null}
        </Field>
        <Field
          meta={fields.goal}
          label="Goal"
          hint={
            props.moneyLocked
              ? 'Fixed: this appeal has received gifts.'
              : 'In the currency above, e.g. 20,000'
          }
        >
          <input
            {...getInputProps(fields.goal, { type: 'text', ...hint(fields.goal.id) })}
            readOnly={props.moneyLocked}
            inputMode="decimal"
          />
        </Field>
        <Field meta={fields.startsAt} label="Starts (UTC, optional)">
          <input {...getInputProps(fields.startsAt, { type: 'datetime-local' })} />
        </Field>
        <Field meta={fields.endsAt} label="Ends (UTC, optional)">
          <input {...getInputProps(fields.endsAt, { type: 'datetime-local' })} />
        </Field>
      </div>
      <div className="field field--check">
        <input {...getInputProps(fields.featured, { type: 'checkbox' })} />
        <label htmlFor={fields.featured.id}>Feature this appeal on the home page</label>
      </div>

      <fieldset className="admin-amounts">
        <legend>Suggested amounts (1 to {MAX_SUGGESTED_AMOUNTS}), with what each pays for</legend>
        <FieldError id={fields.amounts.errorId} errors={fields.amounts.errors} />
        <ol className="admin-amounts__list">
          {amounts.map((row, index) => {
            const row_ = row.getFieldset()
            const rowTranslations = row_.translations.getFieldset()
            return (
              <li key={row.key} className="admin-amounts__row">
                <Field meta={row_.amount} label={`Amount ${index + 1}`}>
                  <input {...getInputProps(row_.amount, { type: 'text' })} inputMode="decimal" />
                </Field>
                <Field meta={row_.impact} label={`What amount ${index + 1} pays for`}>
                  <input {...getInputProps(row_.impact, { type: 'text' })} />
                </Field>
                {TRANSLATION_LOCALES.map((code) => {
                  const meta = rowTranslations[code]
                  return meta ? (
                    <Field
                      key={code}
                      meta={meta}
                      label={`What amount ${index + 1} pays for, in ${languageName(code)}`}
                    >
                      <input
                        {...getInputProps(meta, { type: 'text' })}
                        lang={localeConfig(code).code}
                      />
                    </Field>
                  ) : null
                })}
                <div className="admin-amounts__buttons">
                  <button
                    className="button button--small"
                    disabled={index === 0}
                    {...form.reorder.getButtonProps({
                      name: fields.amounts.name,
                      from: index,
                      to: index - 1,
                    })}
                  >
                    Move up<span className="visually-hidden"> amount {index + 1}</span>
                  </button>
                  <button
                    className="button button--small"
                    disabled={index === amounts.length - 1}
                    {...form.reorder.getButtonProps({
                      name: fields.amounts.name,
                      from: index,
                      to: index + 1,
                    })}
                  >
                    Move down<span className="visually-hidden"> amount {index + 1}</span>
                  </button>
                  <button
                    className="button button--small"
                    disabled={amounts.length <= 1}
                    {...form.remove.getButtonProps({ name: fields.amounts.name, index })}
                  >
                    Remove<span className="visually-hidden"> amount {index + 1}</span>
                  </button>
                </div>
              </li>
            )
          })}
        </ol>
        <button
          className="button"
          disabled={amounts.length >= MAX_SUGGESTED_AMOUNTS}
          {...form.insert.getButtonProps({
            name: fields.amounts.name,
            defaultValue: { amount: '', impact: '' },
          })}
        >
          Add an amount
        </button>
      </fieldset>

      <OtherCurrencyAmounts
        fields={fields.otherAmounts.getFieldset()}
        appealCurrency={String(fields.currency.value ?? fields.currency.initialValue ?? '')}
      />

      <Field
        meta={fields.allowedTerms}
        label="Allowed terms for the naming check"
        hint="Pseudonyms and words of this appeal that are safe to publish, separated by commas."
      >
        <textarea
          {...getTextareaProps(fields.allowedTerms, hint(fields.allowedTerms.id))}
          rows={2}
          onInput={(event) => setAllowedTermsDraft(event.currentTarget.value)}
        />
      </Field>

      <p className="admin-actions">
        <button type="submit" className="button button--primary">
          {props.submitLabel}
        </button>
      </p>
    </Form>
  )
}
