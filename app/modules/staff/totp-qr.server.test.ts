import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'
import { generateTotpSecret, otpauthUri } from './totp.server.ts'
import { otpauthQrDataUrl, otpauthQrPng, otpauthQrSvg } from './totp-qr.server.ts'

describe('TOTP setup QR code', () => {
  test('the rendered code decodes to the otpauth URI', async () => {
    const uri = otpauthUri(generateTotpSecret(), 'min.jun@lantern.test')
    const png = PNG.sync.read(await otpauthQrPng(uri))
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(decoded?.data).toBe(uri)
  })

  test('the page image is the SVG of the same URI, and another secret draws another code', async () => {
    const uri = otpauthUri(generateTotpSecret(), 'min.jun@lantern.test')
    const dataUrl = await otpauthQrDataUrl(uri)
    expect(dataUrl.startsWith('data:image/svg+xml;base64,')).toBe(true)
    const svg = Buffer.from(dataUrl.split(',')[1] as string, 'base64').toString('utf8')
    expect(svg).toBe(await otpauthQrSvg(uri))
    expect(svg).toMatch(/^<svg [^>]*viewBox/)
    expect(svg).not.toMatch(/<script|on\w+=/i)
    expect(svg).not.toContain('otpauth')
    const other = otpauthUri(generateTotpSecret(), 'min.jun@lantern.test')
    expect(await otpauthQrSvg(other)).not.toBe(svg)
  })
})
