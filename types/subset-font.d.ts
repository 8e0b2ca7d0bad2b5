// subset-font ships no types; only the options scripts/fonts.ts uses are declared.
declare module 'subset-font' {
  export type SubsetFontOptions = {
    targetFormat?: 'sfnt' | 'woff' | 'woff2'
    noLayoutClosure?: boolean
    noHinting?: boolean
    dropTables?: string[]
  }
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: SubsetFontOptions,
  ): Promise<Buffer>
}
