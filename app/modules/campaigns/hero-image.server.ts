/**
 * Campaign hero images. An upload is accepted only when sharp recognises its content as JPEG,
 * PNG or WebP (the file name and the browser's content type are ignored), then re-encoded to
 * WebP in two widths. Re-encoding drops every metadata block (EXIF with GPS position and camera
 * serials, XMP, IPTC, ICC) because sharp keeps none unless asked: images of refugees must never
 * reveal where or when they were taken (CONTEXT.md). Orientation is applied to the pixels first,
 * so dropping EXIF does not turn photos sideways.
 *
 * Files live under UPLOADS_DIR/campaigns/<random key>-<width>.webp and never change, so they
 * are served as immutable. Old files are kept: a duplicated campaign may share them.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv, uploadsDir } from '#app/utils/env.server.ts'
import { HERO_KEY_PATTERN, HERO_WIDTHS, type HeroWidth } from './hero-image.ts'

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp'])
const WEBP_QUALITY = 80
/** Refuses decompression bombs: 50 megapixels is far above any camera photo we need. */
const MAX_INPUT_PIXELS = 50_000_000
export const ALT_MAX_LENGTH = 250

export type HeroImageOutcome =
  | { kind: 'saved'; key: string | null }
  | { kind: 'invalid'; fieldErrors: Partial<Record<'image' | 'alt' | 'form', string[]>> }

function campaignsDir() {
  return path.join(uploadsDir(), 'campaigns')
}

function fileName(key: string, width: HeroWidth) {
  return `${key}-${width}.webp`
}

export function tooBigMessage(maxBytes = getEnv().MAX_UPLOAD_BYTES): string {
  return `The image is too big: the limit is ${Math.floor(maxBytes / (1024 * 1024))} MB.`
}

/**
 * Checks the bytes are a JPEG, PNG or WebP image and writes its re-encoded widths; returns the
 * new key, or a message for the manager. Nothing is written for a refused file.
 */
export async function storeHeroImage(
  bytes: Uint8Array,
): Promise<{ key: string } | { error: string }> {
  if (bytes.byteLength > getEnv().MAX_UPLOAD_BYTES) return { error: tooBigMessage() }
  // Loaded on first upload, not at start-up: libvips takes about 20 MB the server does not
  // need until a manager uploads an image.
  const { default: sharp } = await import('sharp')
  let format: string | undefined
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format
  } catch {
    return { error: 'This file is not an image we can read. Upload a JPEG, PNG or WebP photo.' }
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    return { error: 'Upload a JPEG, PNG or WebP image.' }
  }
  const key = randomBytes(16).toString('hex')
  let encoded: Array<[HeroWidth, Buffer]>
  try {
    encoded = await Promise.all(
      HERO_WIDTHS.map(
        async (width) =>
          [
            width,
            await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
              .rotate()
              .resize({ width, withoutEnlargement: true })
              .webp({ quality: WEBP_QUALITY })
              .toBuffer(),
          ] as [HeroWidth, Buffer],
      ),
    )
  } catch {
    return { error: 'This image could not be processed. Try saving it again as a JPEG.' }
  }
  const dir = campaignsDir()
  await mkdir(dir, { recursive: true })
  for (const [width, buffer] of encoded) {
    // Written under a temporary name first, so a reader never sees half a file.
    const target = path.join(dir, fileName(key, width))
    await writeFile(`${target}.tmp`, buffer)
    await rename(`${target}.tmp`, target)
  }
  return { key }
}

/**
 * The stored file for `/uploads/campaigns/<key>-<width>.webp` with the appeals showing it, or
 * null. An image no appeal shows any more is not served, even if its file is still on disk: a
 * photo removed to protect someone must stop at once.
 */
export async function readHeroImageFile(
  name: string,
): Promise<{ file: Buffer; campaignIds: string[] } | null> {
  const match = /^([a-f0-9]{32})-(\d+)\.webp$/.exec(name)
  const key = match?.[1] ?? ''
  if (!match || !HERO_KEY_PATTERN.test(key)) return null
  if (!HERO_WIDTHS.includes(Number(match[2]) as HeroWidth)) return null
  const campaigns = await prisma.campaign.findMany({
    where: { heroImageKey: key },
    select: { id: true },
  })
  if (campaigns.length === 0) return null
  const file = await readFile(path.join(campaignsDir(), name)).catch(() => null)
  return file ? { file, campaignIds: campaigns.map((c) => c.id) } : null
}

/** Deletes an image's files once no appeal shows it (a duplicated appeal shares its files). */
async function deleteUnusedHeroImage(key: string): Promise<void> {
  if (await prisma.campaign.count({ where: { heroImageKey: key } })) return
  await Promise.all(
    HERO_WIDTHS.map((width) =>
      rm(path.join(campaignsDir(), fileName(key, width)), { force: true }),
    ),
  )
}

/**
 * Sets (or, with `remove`, clears) a campaign's hero image and alt text, audited. A new file
 * needs alt text; with no file, only the alt text of the current image changes.
 */
export async function updateHeroImage(
  campaignId: string,
  input: { file: File | null; alt: string; remove?: boolean },
  ctx: StaffContext,
): Promise<HeroImageOutcome> {
  const campaign = await prisma.campaign.findUnique({
    where: { id: campaignId },
    select: { status: true, heroImageKey: true, heroImageAlt: true },
  })
  if (!campaign)
    return { kind: 'invalid', fieldErrors: { form: ['This appeal no longer exists.'] } }
  if (campaign.status === 'ARCHIVED') {
    return { kind: 'invalid', fieldErrors: { form: ['Archived appeals cannot be edited.'] } }
  }
  const alt = input.alt.trim()
  const hasFile = !!input.file && input.file.size > 0
  let key = campaign.heroImageKey
  if (input.remove) {
    key = null
  } else {
    const errors: Partial<Record<'image' | 'alt', string[]>> = {}
    if (!alt) errors.alt = ['Describe the image for people who cannot see it']
    else if (alt.length > ALT_MAX_LENGTH) {
      errors.alt = [`Keep the description under ${ALT_MAX_LENGTH} characters`]
    }
    if (!hasFile && !campaign.heroImageKey) errors.image = ['Choose an image to upload']
    if (Object.keys(errors).length) return { kind: 'invalid', fieldErrors: errors }
    if (hasFile && input.file) {
      const stored = await storeHeroImage(new Uint8Array(await input.file.arrayBuffer()))
      if ('error' in stored) return { kind: 'invalid', fieldErrors: { image: [stored.error] } }
      key = stored.key
    }
  }
  const heroImageAlt = key ? alt : null
  await prisma.$transaction(async (tx) => {
    await tx.campaign.update({
      where: { id: campaignId },
      data: { heroImageKey: key, heroImageAlt },
    })
    await recordAudit(
      {
        actor: ctx.actor,
        action: input.remove ? 'campaign.hero-image.remove' : 'campaign.hero-image',
        entityType: 'Campaign',
        entityId: campaignId,
        before: { heroImageKey: campaign.heroImageKey, heroImageAlt: campaign.heroImageAlt },
        after: { heroImageKey: key, heroImageAlt },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
  })
  if (campaign.heroImageKey && campaign.heroImageKey !== key)
    await deleteUnusedHeroImage(campaign.heroImageKey)
  return { kind: 'saved', key }
}
