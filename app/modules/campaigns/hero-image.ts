/** Hero images are stored in two widths under a random key; see ./hero-image.server.ts. */
export const HERO_WIDTHS = [800, 1600] as const
export type HeroWidth = (typeof HERO_WIDTHS)[number]

/** Keys are 32 lower-case hex characters; nothing else may reach the file system. */
export const HERO_KEY_PATTERN = /^[a-f0-9]{32}$/

export function heroImageUrl(key: string, width: HeroWidth): string {
  return `/uploads/campaigns/${key}-${width}.webp`
}
