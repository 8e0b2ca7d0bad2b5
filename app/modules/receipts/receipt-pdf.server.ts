/**
 * Receipt and statement PDFs, drawn server side with pdfkit (pure JavaScript; in production it
 * stays an external package of the server bundle, so it finds its font metrics in node_modules).
 *
 * We use pdfkit's built-in Helvetica, which covers the WinAnsi character set only: a character
 * outside it (₩, Hangul, kana) would print as a wrong glyph, so `pdfText` replaces it, and KRW
 * amounts are written with their code ("KRW 1,200,000"). Embedding a Unicode font would need a
 * font file we do not ship yet.
 */
import PDFDocument from 'pdfkit'
import { FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'

export const ORGANISATION_NAME = 'Lantern'

export type PdfOptions = {
  /** Tests turn stream compression off to read the text back. */
  compress?: boolean
}

const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

/** Text Helvetica can print: anything outside WinAnsi becomes "?". */
export function pdfText(value: string): string {
  let out = ''
  for (const char of value.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0
    const printable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)
    out += printable || WIN_ANSI_EXTRAS.has(char) ? char : '?'
  }
  return out
}

/** Money as Helvetica can print it: the won sign is not in WinAnsi, so KRW uses its code. */
export function pdfMoney(amountMinor: number, currency: string): string {
  return pdfText(formatMoney(amountMinor, currency).replace('₩', 'KRW '))
}

export const PDF_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

const PAYMENT_METHODS: Record<string, string> = {
  card: 'Card',
  sepa_debit: 'SEPA Direct Debit',
  cheque: 'Cheque',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
}

export function paymentMethodLabel(method: string | null): string {
  if (!method) return 'Online payment'
  return PAYMENT_METHODS[method] ?? method.replace(/_/g, ' ')
}

/** Runs `draw` on a new A4 document and answers the finished file. */
export function renderPdf(
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
  { compress = true }: PdfOptions = {},
): Promise<Buffer> {
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
}

export function renderReceiptPdf(input: ReceiptPdfInput, options?: PdfOptions): Promise<Buffer> {
  return renderPdf(
    `Receipt ${input.number}`,
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(20).text(ORGANISATION_NAME)
      doc.font('Helvetica').fontSize(11).fillColor('#4a5563').text('Gift receipt')
      doc.moveDown(1.5)
      doc.fillColor('#17324d').font('Helvetica-Bold').fontSize(16).text(`Receipt ${input.number}`)
      doc.font('Helvetica').fontSize(11).fillColor('#1c2430')
      doc.text(
        input.replacesNumber
          ? `Corrected receipt: replaces ${input.replacesNumber}, which is void.`
          : 'Original receipt.',
      )
      if (input.status === 'VOID') {
        doc
          .font('Helvetica-Bold')
          .fillColor('#8a1c14')
          .text(pdfText(`VOID: ${input.voidReason ?? 'this receipt is no longer valid'}`))
        doc.font('Helvetica').fillColor('#1c2430')
      }
      doc.moveDown()
      const rows: Array<[string, string]> = [
        ['Date issued', PDF_DATE.format(input.issuedAt)],
        ['Received from', pdfText(input.donorName?.trim() || input.donorEmail)],
        ['Email', pdfText(input.donorEmail)],
        ['Amount', pdfMoney(input.amountMinor, input.currency)],
        ['Appeal', pdfText(input.campaignTitle)],
        ['Fund', FUND_DETAILS[input.fund].label],
        ['Payment method', paymentMethodLabel(input.paymentMethod)],
        ...(input.offlineReference
          ? [['Reference', pdfText(input.offlineReference)] as [string, string]]
          : []),
        ['Date of gift', PDF_DATE.format(input.giftReceivedAt)],
      ]
      for (const [label, value] of rows) {
        const y = doc.y
        doc.font('Helvetica').fillColor('#4a5563').text(label, 56, y, { width: 140 })
        doc.font('Helvetica-Bold').fillColor('#1c2430').text(value, 200, y, { width: 340 })
        doc.moveDown(0.4)
      }
      doc.moveDown()
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor('#4a5563')
        .text(
          'Thank you. This receipt is a permanent record: if the gift changes (for example a ' +
            'refund), it is voided and a corrected receipt with a new number replaces it.',
          56,
          doc.y,
          { width: 484 },
        )
    },
    options,
  )
}
