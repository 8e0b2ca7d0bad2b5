/**
 * The TOTP setup key as a QR code for authenticator apps: an SVG rendered on the server and
 * served as a data: image (CSP img-src allows data:), so the page needs no script. The otpauth
 * URI carries the secret: it is never logged.
 */
import QRCode from 'qrcode'

const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const

/** The QR code of an otpauth:// URI as SVG markup. */
export async function otpauthQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { ...QR_OPTIONS, type: 'svg' })
}

/** The same QR code as a data: URL for an <img>. */
export async function otpauthQrDataUrl(uri: string): Promise<string> {
  const svg = await otpauthQrSvg(uri)
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`
}

/** The same QR code as a PNG (for checking that it decodes to the URI). */
export async function otpauthQrPng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { ...QR_OPTIONS, type: 'png', scale: 4 })
}
