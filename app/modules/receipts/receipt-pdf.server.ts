/**
 * Receipt and statement PDFs, drawn server side with pdfkit (pure JavaScript; in production it
 * stays an external package of the server bundle, so it finds its files in node_modules).
 *
 * Text is set in Noto Sans KR (SIL Open Font License, kept in fonts/ with its licence),
 * embedded as a subset of the glyphs used: it covers Hangul, kana, Hanja, Latin and the ₩, ¥, €
 * and £ signs, so donors' names and amounts print as they are written. pdfkit and the fonts are
 * loaded on first use, not when the server starts (about 25 MB the server does not need idle).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type PDFKitModule from 'pdfkit'
import type { FundCode } from '#app/modules/campaigns/funds.ts'
import { donorText, type DonorText } from '#app/i18n/donor-text.server.ts'
import { isErasedEmail } from '#app/modules/email/erased-address.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'

export const ORGANISATION_NAME = 'Lantern'

export type PdfOptions = {
  /** Tests turn stream compression off to read the text back. */
  compress?: boolean
}

/** Text as drawn: composed (NFC), without control characters. */
export function pdfText(value: string): string {
  return value.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
}

export function pdfMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  return pdfText(formatMoney(amountMinor, currency, { locale }))
}

/** Font names the drawing code uses (registered on every document). */
export const BODY_FONT = 'Body'
export const BOLD_FONT = 'Bold'

let loaded: Promise<{
  PDFDocument: typeof PDFKitModule
  body: Buffer
  bold: Buffer
}> | null = null

function loadPdfKit() {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url)
    // Through package.json "imports", so it resolves the same from source and from the build.
    const fontFile = (weight: string) => require.resolve(`#fonts/NotoSansKR-${weight}.ttf`)
    const [{ default: PDFDocument }, body, bold] = await Promise.all([
      import('pdfkit'),
      readFile(fontFile('Regular')),
      readFile(fontFile('Bold')),
    ])
    return { PDFDocument, body, bold }
  })()
  loaded.catch(() => (loaded = null))
  return loaded
}

const PAYMENT_METHODS = ['card', 'sepa_debit', 'cheque', 'bank_transfer', 'cash'] as const

export function paymentMethodLabel(method: string | null, text: DonorText = donorText(null)) {
  if (!method) return text.t('pdf.method.online')
  const known = PAYMENT_METHODS.find((m) => m === method)
  return known ? text.t(`pdf.method.${known}`) : method.replace(/_/g, ' ')
}

/** Runs `draw` on a new A4 document and answers the finished file. */
export async function renderPdf(
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
  { compress = true }: PdfOptions = {},
): Promise<Buffer> {
  const { PDFDocument, body, bold } = await loadPdfKit()
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      compress,
      info: { Title: pdfText(title), Author: ORGANISATION_NAME, Creator: ORGANISATION_NAME },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    try {
      doc.registerFont(BODY_FONT, body)
      doc.registerFont(BOLD_FONT, bold)
      doc.font(BODY_FONT)
      draw(doc)
      doc.end()
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)))
    }
  })
}

export type ReceiptPdfInput = {
  number: string
  status: 'ISSUED' | 'VOID'
  /** Only for a receipt that was void before its PDF was first drawn (older receipts). */
  voidReason: string | null
  replacesNumber: string | null
  issuedAt: Date
  donorName: string | null
  donorEmail: string
  amountMinor: number
  currency: string
  campaignTitle: string
  fund: FundCode
  paymentMethod: string | null
  offlineReference: string | null
  giftReceivedAt: Date
  /** The language the donor gave in (`Pledge.locale`); staff download this same file. */
  locale?: string
}

export function renderReceiptPdf(input: ReceiptPdfInput, options?: PdfOptions): Promise<Buffer> {
  const text = donorText(input.locale)
  const { t, date } = text
  return renderPdf(
    t('pdf.receipt.title', { number: input.number }),
    (doc) => {
      doc.font(BOLD_FONT).fontSize(20).text(ORGANISATION_NAME)
      doc.font(BODY_FONT).fontSize(11).fillColor('#4a5563').text(t('pdf.receipt.kind'))
      doc.moveDown(1.5)
      doc
        .fillColor('#17324d')
        .font(BOLD_FONT)
        .fontSize(16)
        .text(t('pdf.receipt.title', { number: input.number }))
      doc.font(BODY_FONT).fontSize(11).fillColor('#1c2430')
      doc.text(
        input.replacesNumber
          ? t('pdf.receipt.corrected', { number: input.replacesNumber })
          : t('pdf.receipt.original'),
      )
      if (input.status === 'VOID') {
        const reason = input.voidReason ?? t('pdf.receipt.voidDefault')
        doc
          .font(BOLD_FONT)
          .fillColor('#8a1c14')
          .text(pdfText(t('pdf.receipt.void', { reason })))
        doc.font(BODY_FONT).fillColor('#1c2430')
      }
      doc.moveDown()
      const rows: Array<[string, string]> = [
        [t('pdf.receipt.dateIssued'), date(input.issuedAt)],
        // An erased donor (docs/decisions/0026) is named as such; their pseudonym is not printed.
        ...(isErasedEmail(input.donorEmail)
          ? [[t('pdf.receipt.receivedFrom'), t('pdf.receipt.erasedDonor')] as [string, string]]
          : ([
              [t('pdf.receipt.receivedFrom'), pdfText(input.donorName?.trim() || input.donorEmail)],
              [t('pdf.receipt.email'), pdfText(input.donorEmail)],
            ] as Array<[string, string]>)),
        [t('pdf.receipt.amount'), pdfMoney(input.amountMinor, input.currency, text.tag)],
        [t('pdf.receipt.appeal'), pdfText(input.campaignTitle)],
        [t('pdf.receipt.fund'), t(`email.fund.${input.fund}`)],
        [t('pdf.receipt.paymentMethod'), paymentMethodLabel(input.paymentMethod, text)],
        ...(input.offlineReference
          ? [[t('pdf.receipt.reference'), pdfText(input.offlineReference)] as [string, string]]
          : []),
        [t('pdf.receipt.dateOfGift'), date(input.giftReceivedAt)],
      ]
      for (const [label, value] of rows) {
        const y = doc.y
        doc.font(BODY_FONT).fillColor('#4a5563').text(label, 56, y, { width: 140 })
        doc.font(BOLD_FONT).fillColor('#1c2430').text(value, 200, y, { width: 340 })
        doc.moveDown(0.4)
      }
      doc.moveDown()
      doc
        .font(BODY_FONT)
        .fontSize(10)
        .fillColor('#4a5563')
        .text(t('pdf.receipt.footer'), 56, doc.y, { width: 484 })
    },
    options,
  )
}
