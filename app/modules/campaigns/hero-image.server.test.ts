import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { reloadEnv } from '#app/utils/env.server.ts'
import { createCampaign } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { readHeroImageFile, storeHeroImage, updateHeroImage } from './hero-image.server.ts'

setupTestDatabase()

let uploads: string
beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'lantern-uploads-'))
  process.env.UPLOADS_DIR = uploads
  process.env.MAX_UPLOAD_BYTES = String(200 * 1024)
  reloadEnv()
})
afterAll(async () => {
  await rm(uploads, { recursive: true, force: true })
  delete process.env.UPLOADS_DIR
  delete process.env.MAX_UPLOAD_BYTES
  reloadEnv()
})

const ctx = { actor: { id: null, email: 'manager@lantern.test' } }

/** A stored file as written to disk (served only once an appeal shows it). */
const storedFile = (name: string) => readFile(path.join(uploads, 'campaigns', name))

/** A camera-like JPEG: GPS position, camera serial and an ICC profile in its metadata. */
function photoWithGps(width = 2400, height = 1600) {
  return sharp({
    create: { width, height, channels: 3, background: { r: 40, g: 90, b: 140 } },
  })
    .withExif({
      IFD0: { Make: 'CameraCo', Model: 'Serial-4242', Copyright: 'Secret Place' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '42/1 53/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '129/1 30/1 0/1',
      },
    })
    .withIccProfile('p3')
    .jpeg()
    .toBuffer()
}

describe('storing a hero image', () => {
  test('the test photo really carries GPS and camera data', async () => {
    const meta = await sharp(await photoWithGps()).metadata()
    expect(meta.exif?.toString('latin1')).toContain('Serial-4242')
    // The GPSInfo pointer tag (0x8825) in either byte order.
    const exif = meta.exif ?? Buffer.alloc(0)
    expect(
      exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])),
    ).toBe(true)
    expect(meta.icc).toBeDefined()
  })

  test('re-encodes to WebP in 800 and 1600 widths with no EXIF, GPS, XMP or ICC left', async () => {
    const stored = await storeHeroImage(await photoWithGps())
    if (!('key' in stored)) throw new Error(stored.error)
    for (const width of [800, 1600]) {
      const file = await storedFile(`${stored.key}-${width}.webp`)
      const meta = await sharp(file as Buffer).metadata()
      expect(meta).toMatchObject({ format: 'webp', width })
      expect(meta.exif).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.icc).toBeUndefined()
      const bytes = (file as Buffer).toString('latin1')
      expect(bytes).not.toContain('Exif')
      expect(bytes).not.toContain('Serial-4242')
      expect(bytes).not.toContain('Secret Place')
    }
    expect(
      (await readdir(path.join(uploads, 'campaigns'))).filter((f) => f.startsWith(stored.key)),
    ).toHaveLength(2)
  })

  test('a small image is not enlarged', async () => {
    const small = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#345' },
    })
      .png()
      .toBuffer()
    const stored = await storeHeroImage(small)
    if (!('key' in stored)) throw new Error(stored.error)
    const meta = await sharp(await storedFile(`${stored.key}-1600.webp`)).metadata()
    expect(meta.width).toBe(400)
  })

  test('refuses content that is not a JPEG, PNG or WebP, whatever its name', async () => {
    expect(await storeHeroImage(Buffer.from('<svg onload="alert(1)"></svg>'))).toEqual({
      error: expect.stringMatching(/not an image/),
    })
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer()
    expect(await storeHeroImage(gif)).toEqual({ error: 'Upload a JPEG, PNG or WebP image.' })
  })

  test('refuses a file over MAX_UPLOAD_BYTES', async () => {
    expect(await storeHeroImage(new Uint8Array(201 * 1024))).toEqual({
      error: expect.stringMatching(/too big/),
    })
  })

  test('an image no appeal shows is not served, even while its file exists', async () => {
    const stored = await storeHeroImage(await photoWithGps(300, 200))
    if (!('key' in stored)) throw new Error(stored.error)
    expect(await storedFile(`${stored.key}-800.webp`)).toBeInstanceOf(Buffer)
    expect(await readHeroImageFile(`${stored.key}-800.webp`)).toBeNull()
  })

  test('serves only well-formed names of the stored widths', async () => {
    for (const name of ['../../etc/passwd', 'abc-800.webp', `${'a'.repeat(32)}-123.webp`]) {
      expect(await readHeroImageFile(name)).toBeNull()
    }
  })
})

describe('updating a campaign’s image', () => {
  test('saves key and alt text with an audit entry; a bad file saves nothing', async () => {
    const campaign = await createCampaign()
    const file = new File([new Uint8Array(await photoWithGps(1200, 800))], 'holiday.jpg', {
      type: 'image/jpeg',
    })
    expect(await updateHeroImage(campaign.id, { file, alt: '' }, ctx)).toEqual({
      kind: 'invalid',
      fieldErrors: { alt: ['Describe the image for people who cannot see it'] },
    })
    const fake = new File(['not an image'], 'photo.jpg', { type: 'image/jpeg' })
    expect(await updateHeroImage(campaign.id, { file: fake, alt: 'Rice' }, ctx)).toMatchObject({
      kind: 'invalid',
      fieldErrors: { image: [expect.stringMatching(/not an image/)] },
    })
    expect(await prisma.auditLog.count()).toBe(0)

    const saved = await updateHeroImage(campaign.id, { file, alt: 'Sacks of rice' }, ctx)
    expect(saved.kind).toBe('saved')
    const row = await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    expect(row.heroImageAlt).toBe('Sacks of rice')
    expect(row.heroImageKey).toMatch(/^[a-f0-9]{32}$/)
    const audit = await prisma.auditLog.findFirstOrThrow()
    expect(audit).toMatchObject({ action: 'campaign.hero-image', entityId: campaign.id })
    expect(audit.after).toMatchObject({ heroImageAlt: 'Sacks of rice' })
  })

  test('an archived campaign is refused', async () => {
    const campaign = await createCampaign({ status: 'ARCHIVED' })
    const file = new File([new Uint8Array(await photoWithGps(100, 100))], 'a.jpg')
    expect(await updateHeroImage(campaign.id, { file, alt: 'x' }, ctx)).toMatchObject({
      kind: 'invalid',
      fieldErrors: { form: ['Archived appeals cannot be edited.'] },
    })
  })

  test('a removed or replaced image stops being served and its files are deleted', async () => {
    const campaign = await createCampaign()
    const photo = async () =>
      new File([new Uint8Array(await photoWithGps(300, 200))], 'p.jpg', { type: 'image/jpeg' })
    const first = await updateHeroImage(campaign.id, { file: await photo(), alt: 'Rice' }, ctx)
    if (first.kind !== 'saved' || !first.key) throw new Error('not saved')
    // A duplicated appeal shares the file: it stays while the copy shows it.
    const copy = await createCampaign()
    await prisma.campaign.update({ where: { id: copy.id }, data: { heroImageKey: first.key } })
    const served = await readHeroImageFile(`${first.key}-800.webp`)
    expect(served?.campaignIds.sort()).toEqual([campaign.id, copy.id].sort())

    const second = await updateHeroImage(campaign.id, { file: await photo(), alt: 'Tea' }, ctx)
    if (second.kind !== 'saved' || !second.key) throw new Error('not saved')
    expect((await readHeroImageFile(`${first.key}-800.webp`))?.campaignIds).toEqual([copy.id])
    expect(await storedFile(`${first.key}-800.webp`)).toBeInstanceOf(Buffer)

    await updateHeroImage(copy.id, { file: null, alt: '', remove: true }, ctx)
    expect(await readHeroImageFile(`${first.key}-800.webp`)).toBeNull()
    await expect(storedFile(`${first.key}-800.webp`)).rejects.toThrow(/ENOENT/)
    await expect(storedFile(`${first.key}-1600.webp`)).rejects.toThrow(/ENOENT/)
    expect((await readHeroImageFile(`${second.key}-800.webp`))?.campaignIds).toEqual([campaign.id])

    await updateHeroImage(campaign.id, { file: null, alt: '', remove: true }, ctx)
    expect(await readHeroImageFile(`${second.key}-800.webp`)).toBeNull()
    expect(
      (await readdir(path.join(uploads, 'campaigns'))).filter((f) => f.startsWith(second.key!)),
    ).toEqual([])
  })
})
