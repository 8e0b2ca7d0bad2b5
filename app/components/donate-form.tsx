import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, useLocation, useNavigate, useNavigation, useSubmit } from '@remix-run/react'
import { useEffect, useState, type FormEvent } from 'react'
import { FormattedMessage, useIntl, useLocale } from '#app/i18n/i18n.tsx'
import {
  DEDICATION_MESSAGE_MAX_LENGTH,
  MESSAGE_MAX_LENGTH,
  OTHER_AMOUNT,
  donateFormSchema,
  giftAmountError,
  parseGiftAmount,
  type FormIntl,
  type MessageId,
} from '#app/modules/donations/donate-form.ts'
import type { DonationCurrencies } from '#app/modules/donations/donation-currencies.ts'
import { feeCoverFor } from '#app/modules/donations/fees.ts'
import { getCurrency } from '#app/modules/ledger/money.ts'
import { solveGivingChallenge } from '#app/modules/safety/challenge-solver.ts'
import { parseForm } from '#app/utils/forms.ts'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  /** The donor's currency, what it offers and how it came to be chosen. */
  giving: DonationCurrencies
  utm: { source: string | null; medium: string | null; campaign: string | null }
  lastResult: SubmissionResult<string[]> | null
  /** The appeal's slug: the challenge (when one is needed) is the appeal's. */
  slug: string
}

/** Where the browser remembers a donor's last currency (this device only; never sent). */
export const CURRENCY_MEMORY_KEY = 'lantern.currency'

function Counter({ id, used, max }: { id: string; used: number; max: number }) {
  return (
    <p id={id} className="field-hint" aria-live="polite">
      <FormattedMessage id="donate.characters" values={{ used, max }} />
      {used > max ? (
        <>
          {' ('}
          <FormattedMessage id="donate.overLimit" values={{ over: used - max }} />)
        </>
      ) : null}
    </p>
  )
}

/** The amount the donor has chosen so far, in minor units, or null while it is not valid. */
function chosenAmount(form: HTMLFormElement, currency: string, intl: FormIntl): number | null {
  const data = new FormData(form)
  const amount = String(data.get('amount') ?? '')
  if (amount !== OTHER_AMOUNT) return /^\d+$/.test(amount) ? Number(amount) : null
  const parsed = parseGiftAmount(String(data.get('otherAmount') ?? ''), currency, intl)
  return parsed.ok && !giftAmountError(parsed.amountMinor, currency, intl)
    ? parsed.amountMinor
    : null
}

/**
 * The currency picker: a GET form (`?currency=KRW`), so it works without JavaScript and the
 * page stays cacheable per URL. With JavaScript a change applies at once and is remembered in
 * localStorage; a later visit without `?currency` switches to it.
 */
function CurrencyPicker({ giving }: { giving: DonationCurrencies }) {
  const intl = useIntl()
  const location = useLocation()
  const navigate = useNavigate()
  const submit = useSubmit()
  const [hydrated, setHydrated] = useState(false)
  const offered = giving.options.map((option) => option.currency)
  useEffect(() => {
    setHydrated(true)
    if (giving.chosenBy === 'url') {
      window.localStorage.setItem(CURRENCY_MEMORY_KEY, giving.currency)
      return
    }
    const remembered = window.localStorage.getItem(CURRENCY_MEMORY_KEY)
    if (remembered && remembered !== giving.currency && offered.some((c) => c === remembered)) {
      const search = new URLSearchParams(location.search)
      search.set('currency', remembered)
      navigate(`?${search}${location.hash}`, { replace: true, preventScrollReset: true })
    }
    // Only on arrival: later changes go through the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  if (giving.options.length < 2) return null
  const search = new URLSearchParams(location.search)
  const kept = [...search].filter(([name]) => name !== 'currency')
  return (
    <Form
      method="get"
      preventScrollReset
      className="currency-picker"
      onChange={(event) => submit(event.currentTarget, { preventScrollReset: true })}
    >
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="field">
        <label htmlFor="donate-currency">
          <FormattedMessage id="amounts.currencyLabel" />
        </label>
        <select id="donate-currency" name="currency" defaultValue={giving.currency}>
          {giving.options.map(({ currency }) => (
            <option key={currency} value={currency}>
              {intl.formatMessage(
                { id: 'amounts.currencyOption' },
                {
                  name: intl.formatDisplayName(currency, { type: 'currency' }) ?? currency,
                  code: currency,
                },
              )}
            </option>
          ))}
        </select>
      </div>
      {hydrated ? null : (
        <button type="submit" className="button button--secondary">
          <FormattedMessage id="amounts.currencyChange" />
        </button>
      )}
    </Form>
  )
}

/** The gift's interval, in the order the form offers them. */
const FREQUENCIES = [
  { value: 'ONE_TIME', id: 'frequency-once', label: 'donate.once' },
  { value: 'MONTHLY', id: 'frequency-monthly', label: 'donate.monthly' },
  { value: 'ANNUAL', id: 'frequency-annual', label: 'donate.annual' },
] as const

export function DonateForm({ giving, utm, lastResult, slug }: Props) {
  const intl = useIntl()
  const locale = useLocale()
  const { currency } = giving
  const option = giving.options.find((candidate) => candidate.currency === currency)
  const suggestedAmounts = option?.amounts ?? []
  const schema = donateFormSchema(currency, intl)
  const defaultAmount = suggestedAmounts[1] ?? suggestedAmounts[0]
  const [form, fields] = useForm({
    // A new currency is a new form: its preset amounts mean other sums.
    id: `donate-${currency}`,
    lastResult,
    constraint: getZodConstraint(schema),
    defaultValue: {
      amount: defaultAmount ? String(defaultAmount.amountMinor) : OTHER_AMOUNT,
      frequency: 'ONE_TIME',
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseForm(formData, schema),
  })
  const [amountMinor, setAmountMinor] = useState<number | null>(defaultAmount?.amountMinor ?? null)
  const [frequency, setFrequency] = useState('ONE_TIME')
  const [coverFee, setCoverFee] = useState(false)
  const [messageLength, setMessageLength] = useState(
    () => String(fields.message.initialValue ?? '').length,
  )
  const [noteLength, setNoteLength] = useState(0)
  const [dedication, setDedication] = useState('NONE')
  // The monthly offer and the hidden notify fields need JavaScript; without it the radios are
  // the plain choice and every field shows.
  const [hydrated, setHydrated] = useState(false)
  const [offerDismissed, setOfferDismissed] = useState(false)
  useEffect(() => setHydrated(true), [])
  useEffect(() => setAmountMinor(defaultAmount?.amountMinor ?? null), [defaultAmount])
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST'
  const { exponent } = getCurrency(currency)

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget
    const target = event.target as HTMLInputElement
    const control = (name: string, value?: string) =>
      element.querySelector<HTMLInputElement>(
        value === undefined ? `[name="${name}"]` : `[name="${name}"][value="${value}"]`,
      )
    // Typing an amount chooses "Other"; choosing a preset clears the typed amount.
    if (target.name === 'otherAmount' && target.value.trim()) {
      const other = control('amount', OTHER_AMOUNT)
      if (other) other.checked = true
    } else if (target.name === 'amount' && target.value !== OTHER_AMOUNT) {
      const typed = control('otherAmount')
      if (typed) typed.value = ''
    }
    // Anonymous and "show my name" exclude each other.
    if (target.name === 'anonymous' && target.checked) {
      const show = control('showName')
      if (show) show.checked = false
    } else if (target.name === 'showName' && target.checked) {
      const anonymous = control('anonymous')
      if (anonymous) anonymous.checked = false
    }
    setMessageLength(String(new FormData(element).get('message') ?? '').length)
    setNoteLength(String(new FormData(element).get('dedicationNotifyMessage') ?? '').length)
    setDedication(String(new FormData(element).get('dedication') ?? 'NONE'))
    setAmountMinor(chosenAmount(element, currency, intl))
    setFrequency(String(new FormData(element).get('frequency') ?? 'ONE_TIME'))
    setCoverFee(new FormData(element).get('coverFee') === 'on')
  }
  const [checking, setChecking] = useState(false)
  const submit = useSubmit()
  // When risk is raised the server asks for a solved proof-of-work challenge: fetch one from
  // Lantern, solve it here, then send the form with the solution. Without JavaScript the form
  // posts as it is, and the server explains that the check needs JavaScript.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget
    const field = element.querySelector<HTMLInputElement>('input[name="altcha"]')
    if (!field || field.value || event.defaultPrevented) return
    event.preventDefault()
    setChecking(true)
    givingChallengeFor(slug)
      .then((payload) => {
        field.value = payload ?? ''
        submit(element, { method: 'post' })
      })
      .catch(() => submit(element, { method: 'post' }))
      .finally(() => {
        setChecking(false)
        // A solution is good once: the next attempt fetches a fresh one.
        setTimeout(() => (field.value = ''), 0)
      })
  }
  const formProps = getFormProps(form)
  const fee = amountMinor ? feeCoverFor(amountMinor, currency) : null
  const total = amountMinor ? amountMinor + (coverFee && fee ? fee : 0) : null
  const money = (minor: number) => locale.money(minor, currency, true)
  const t = (id: MessageId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values)

  return (
    <>
      <CurrencyPicker giving={giving} />
      <Form
        method="post"
        {...formProps}
        onChange={onChange}
        onSubmit={(event) => {
          // Conform validates first and stops an invalid form; only a valid one is checked.
          formProps.onSubmit(event)
          onSubmit(event)
        }}
        className="donate-form"
        aria-labelledby="give-title"
      >
        {form.errors?.length ? (
          <div className="form-alert" role="alert" id={form.errorId}>
            {form.errors.join(' ')}
          </div>
        ) : null}

        <fieldset
          className="choice-group"
          aria-describedby={fields.amount.errors ? fields.amount.errorId : undefined}
        >
          <legend>{t('amounts.legend', { currency })}</legend>
          {option?.proposed ? (
            <p className="field-hint">
              {t('amounts.converted', { currency, appealCurrency: giving.appealCurrency })}
            </p>
          ) : null}
          {suggestedAmounts.map((suggested) => {
            const id = `amount-${suggested.amountMinor}`
            return (
              <label key={suggested.amountMinor} className="choice choice--amount" htmlFor={id}>
                <input
                  {...getInputProps(fields.amount, {
                    type: 'radio',
                    value: String(suggested.amountMinor),
                  })}
                  id={id}
                />
                <span className="choice__amount">{money(suggested.amountMinor)}</span>
                <span className="choice__impact" lang={suggested.lang ?? undefined}>
                  {suggested.impact}
                </span>
              </label>
            )
          })}
          <label className="choice choice--amount" htmlFor="amount-other">
            <input
              {...getInputProps(fields.amount, { type: 'radio', value: OTHER_AMOUNT })}
              id="amount-other"
            />
            <span className="choice__amount">{t('amounts.other')}</span>
          </label>
          <FieldError id={fields.amount.errorId} errors={fields.amount.errors} />
          <div className="field">
            <label htmlFor={fields.otherAmount.id}>{t('amounts.otherLabel', { currency })}</label>
            <input
              {...getInputProps(fields.otherAmount, { type: 'text' })}
              inputMode={exponent === 0 ? 'numeric' : 'decimal'}
              autoComplete="off"
              placeholder={
                exponent === 0
                  ? intl.formatNumber(50_000)
                  : intl.formatNumber(25, { minimumFractionDigits: 2 })
              }
            />
            <FieldError id={fields.otherAmount.errorId} errors={fields.otherAmount.errors} />
          </div>
        </fieldset>

        <fieldset className="choice-group choice-group--inline">
          <legend>{t('donate.frequencyLegend')}</legend>
          {FREQUENCIES.map(({ value, id, label }) => (
            <label key={value} className="choice" htmlFor={id}>
              <input {...getInputProps(fields.frequency, { type: 'radio', value })} id={id} />
              {t(label)}
            </label>
          ))}
          <FieldError id={fields.frequency.errorId} errors={fields.frequency.errors} />
        </fieldset>
        {hydrated && !offerDismissed && frequency === 'ONE_TIME' ? (
          <p className="monthly-offer" role="status">
            {t('donate.monthlyOffer')}{' '}
            <button
              type="button"
              className="button button--link"
              onClick={(event) => {
                const monthly = event.currentTarget.form?.querySelector<HTMLInputElement>(
                  '[name="frequency"][value="MONTHLY"]',
                )
                if (monthly) monthly.checked = true
                setFrequency('MONTHLY')
                setOfferDismissed(true)
              }}
            >
              {t('donate.makeMonthly')}
            </button>{' '}
            <button
              type="button"
              className="button button--link"
              onClick={() => setOfferDismissed(true)}
            >
              {t('donate.noThanks')}
            </button>
          </p>
        ) : null}

        <div className="field field--check">
          <input {...getInputProps(fields.coverFee, { type: 'checkbox' })} />
          <label htmlFor={fields.coverFee.id}>
            {fee && amountMinor
              ? t('donate.coverFeeAmount', { fee: money(fee), amount: money(amountMinor) })
              : t('donate.coverFee')}
          </label>
        </div>

        <div className="field">
          <label htmlFor={fields.email.id}>{t('donate.email')}</label>
          <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="email" />
          <FieldError id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <div className="field field--check">
          <input {...getInputProps(fields.updatesOptIn, { type: 'checkbox' })} />
          <label htmlFor={fields.updatesOptIn.id}>{t('donate.updatesOptIn')}</label>
        </div>
        <div className="field">
          <label htmlFor={fields.name.id}>{t('donate.name')}</label>
          <input {...getInputProps(fields.name, { type: 'text' })} autoComplete="name" />
          <FieldError id={fields.name.errorId} errors={fields.name.errors} />
        </div>

        <details className="optional-fields">
          <summary>{t('donate.optionalFields')}</summary>
          <div className="field field--check">
            <input {...getInputProps(fields.anonymous, { type: 'checkbox' })} />
            <label htmlFor={fields.anonymous.id}>{t('donate.anonymous')}</label>
          </div>
          <div className="field field--check">
            <input {...getInputProps(fields.showName, { type: 'checkbox' })} />
            <label htmlFor={fields.showName.id}>{t('donate.showName')}</label>
            <FieldError id={fields.showName.errorId} errors={fields.showName.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.displayName.id}>{t('donate.displayName')}</label>
            <input {...getInputProps(fields.displayName, { type: 'text' })} />
            <FieldError id={fields.displayName.errorId} errors={fields.displayName.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.message.id}>
              {t('donate.messageLabel', { max: MESSAGE_MAX_LENGTH })}
            </label>
            {/* No maxLength: the browser would cut a pasted message short without a word. */}
            <textarea
              {...getTextareaProps(fields.message)}
              maxLength={undefined}
              rows={3}
              aria-describedby={`${fields.message.id}-count ${fields.message.errors ? fields.message.errorId : ''}`.trim()}
            />
            <Counter
              id={`${fields.message.id}-count`}
              used={messageLength}
              max={MESSAGE_MAX_LENGTH}
            />
            <FieldError id={fields.message.errorId} errors={fields.message.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.dedication.id}>{t('donate.dedication')}</label>
            <select {...getInputProps(fields.dedication, { type: 'text' })} defaultValue="NONE">
              <option value="NONE">{t('donate.dedicationNone')}</option>
              <option value="IN_HONOUR">{t('donate.dedicationHonour')}</option>
              <option value="IN_MEMORY">{t('donate.dedicationMemory')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={fields.dedicationName.id}>{t('donate.dedicationName')}</label>
            <input {...getInputProps(fields.dedicationName, { type: 'text' })} />
            <FieldError id={fields.dedicationName.errorId} errors={fields.dedicationName.errors} />
          </div>
          <fieldset className="dedication-notify" hidden={hydrated && dedication === 'NONE'}>
            <div className="field field--check">
              <input {...getInputProps(fields.dedicationNotify, { type: 'checkbox' })} />
              <label htmlFor={fields.dedicationNotify.id}>{t('donate.notifyLabel')}</label>
            </div>
            <div className="field">
              <label htmlFor={fields.dedicationNotifyName.id}>{t('donate.notifyName')}</label>
              <input {...getInputProps(fields.dedicationNotifyName, { type: 'text' })} />
              <FieldError
                id={fields.dedicationNotifyName.errorId}
                errors={fields.dedicationNotifyName.errors}
              />
            </div>
            <div className="field">
              <label htmlFor={fields.dedicationNotifyEmail.id}>{t('donate.notifyEmail')}</label>
              <input {...getInputProps(fields.dedicationNotifyEmail, { type: 'email' })} />
              <FieldError
                id={fields.dedicationNotifyEmail.errorId}
                errors={fields.dedicationNotifyEmail.errors}
              />
            </div>
            <div className="field">
              <label htmlFor={fields.dedicationNotifyMessage.id}>
                {t('donate.notifyMessage', { max: DEDICATION_MESSAGE_MAX_LENGTH })}
              </label>
              <textarea
                {...getTextareaProps(fields.dedicationNotifyMessage)}
                maxLength={undefined}
                rows={2}
              />
              <Counter
                id={`${fields.dedicationNotifyMessage.id}-count`}
                used={noteLength}
                max={DEDICATION_MESSAGE_MAX_LENGTH}
              />
              <FieldError
                id={fields.dedicationNotifyMessage.errorId}
                errors={fields.dedicationNotifyMessage.errors}
              />
            </div>
          </fieldset>
        </details>

        <input type="hidden" name="currency" value={currency} />
        <input type="hidden" name="utmSource" value={utm.source ?? ''} />
        <input type="hidden" name="utmMedium" value={utm.medium ?? ''} />
        <input type="hidden" name="utmCampaign" value={utm.campaign ?? ''} />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t('donate.honeypot')}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>

        <input type="hidden" name="altcha" value="" />
        <button
          type="submit"
          className="button button--primary button--block"
          disabled={busy || checking}
        >
          {checking
            ? t('donate.checking')
            : busy
              ? t('donate.busy')
              : total
                ? t('donate.submitAmount', { amount: money(total), frequency })
                : t('donate.submit')}
        </button>
        <p className="form-note">{t('donate.stripeNote')}</p>
      </Form>
    </>
  )
}

/**
 * The solved challenge for a gift to the appeal, or null when none is needed now. The answer
 * is never cached: risk can be raised or lowered at any moment.
 */
async function givingChallengeFor(slug: string): Promise<string | null> {
  const response = await fetch(`/donate/challenge?campaign=${encodeURIComponent(slug)}`, {
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  })
  if (!response.ok) return null
  const body = (await response.json()) as {
    challenge: Parameters<typeof solveGivingChallenge>[0] | null
  }
  return body.challenge ? solveGivingChallenge(body.challenge) : null
}
