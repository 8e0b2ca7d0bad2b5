import {
  invalidRequest,
  missingParam,
  unknownParam,
  type FormObject,
  type FormValue,
  type PageParams,
} from './wire.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A loose email check, like Stripe's: something@domain.tld without spaces. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value)
}

interface Required {
  required?: boolean
}

/**
 * Reads decoded request parameters with Stripe's validation messages, naming each parameter
 * the way Stripe does in `error.param` (`line_items[0][price_data][currency]`).
 */
export class Params {
  constructor(
    readonly values: FormObject,
    readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key
  }

  has(key: string): boolean {
    return this.values[key] !== undefined
  }

  /** Rejects any parameter not listed, as Stripe does (`parameter_unknown`). */
  allowOnly(keys: readonly string[], hints: Record<string, string> = {}): this {
    for (const key of Object.keys(this.values)) {
      if (!keys.includes(key)) throw unknownParam(this.name(key), hints[key] ?? '')
    }
    return this
  }

  private raw(key: string, required: boolean): FormValue | undefined {
    const value = this.values[key]
    if (value === undefined) {
      if (required) throw missingParam(this.name(key))
      return undefined
    }
    if (value === '') {
      if (!required) return undefined
      throw invalidRequest(
        `You passed an empty string for '${this.name(key)}'. We assume empty values are an attempt to unset a parameter; however '${this.name(key)}' cannot be unset. You should remove '${this.name(key)}' from your request or supply a non-empty value.`,
        this.name(key),
        'parameter_invalid_empty',
      )
    }
    return value
  }

  string<T extends string = string>(
    key: string,
    options: Required & { oneOf?: readonly T[]; maxLength?: number } = {},
  ): T | undefined {
    const value = this.raw(key, options.required ?? false)
    if (value === undefined) return undefined
    if (typeof value !== 'string')
      throw invalidRequest(`Invalid string: ${this.name(key)}`, this.name(key))
    if (options.oneOf && !options.oneOf.includes(value as T)) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be one of ${options.oneOf.join(', ')}`,
        this.name(key),
      )
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be at most ${options.maxLength} characters`,
        this.name(key),
      )
    }
    return value as T
  }

  integer(
    key: string,
    options: Required & { min?: number; max?: number } = {},
  ): number | undefined {
    const value = this.raw(key, options.required ?? false)
    if (value === undefined) return undefined
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
      throw invalidRequest(`Invalid integer: ${String(value)}`, this.name(key))
    }
    const number = Number(value)
    if (options.min !== undefined && number < options.min) {
      throw invalidRequest(
        `This value must be greater than or equal to ${options.min}.`,
        this.name(key),
      )
    }
    if (options.max !== undefined && number > options.max) {
      throw invalidRequest(
        `This value must be less than or equal to ${options.max}.`,
        this.name(key),
      )
    }
    return number
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key, false)
    if (value === undefined) return undefined
    if (value !== 'true' && value !== 'false') {
      throw invalidRequest(`Invalid boolean: ${String(value)}`, this.name(key))
    }
    return value === 'true'
  }

  object(key: string, options: Required = {}): Params | undefined {
    const value = this.raw(key, options.required ?? false)
    if (value === undefined) return undefined
    if (typeof value === 'string' || Array.isArray(value)) {
      throw invalidRequest(`Invalid object: ${this.name(key)}`, this.name(key))
    }
    return new Params(value, this.name(key))
  }

  /** An array of objects (`line_items[0][…]`). */
  objects(key: string, options: Required = {}): Params[] {
    const value = this.raw(key, options.required ?? false)
    if (value === undefined) return []
    if (!Array.isArray(value))
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key))
    return value.map((item, index) => {
      const name = `${this.name(key)}[${index}]`
      if (typeof item === 'string' || Array.isArray(item)) {
        throw invalidRequest(`Invalid object: ${name}`, name)
      }
      return new Params(item, name)
    })
  }

  strings(key: string): string[] | undefined {
    const value = this.raw(key, false)
    if (value === undefined) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key))
    }
    return value as string[]
  }

  /**
   * Metadata with Stripe's limits (docs.stripe.com/metadata): at most 50 keys, keys up to 40
   * characters without square brackets, values up to 500 characters. An empty value unsets the
   * key, so it is returned as `null` for the caller to apply.
   */
  metadata(key = 'metadata'): Record<string, string | null> | undefined {
    const value = this.values[key]
    if (value === undefined) return undefined
    if (value === '') return {}
    if (typeof value === 'string') throw invalidRequest('Invalid metadata', this.name(key))
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value)
    if (entries.length > 50) {
      throw invalidRequest('You can only specify up to 50 metadata keys.', this.name(key))
    }
    const metadata: Record<string, string | null> = {}
    for (const [name, item] of entries) {
      const param = `${this.name(key)}[${name}]`
      if (name.length > 40) {
        throw invalidRequest(`Metadata keys can have up to 40 characters.`, param)
      }
      if (typeof item !== 'string') throw invalidRequest(`Invalid string: ${param}`, param)
      if (item.length > 500) {
        throw invalidRequest(`Metadata values can have up to 500 characters.`, param)
      }
      metadata[name] = item === '' ? null : item
    }
    return metadata
  }

  /** Metadata for a new object: keys given an empty value are simply left out. */
  newMetadata(key = 'metadata'): Record<string, string> {
    return mergeMetadata({}, this.metadata(key))
  }

  expand(): string[] {
    return this.strings('expand') ?? []
  }

  page(): PageParams {
    const startingAfter = this.string('starting_after')
    const endingBefore = this.string('ending_before')
    if (startingAfter && endingBefore) {
      throw invalidRequest(
        'You may only specify one of these parameters: ending_before, starting_after.',
        'ending_before',
      )
    }
    return { limit: this.integer('limit', { min: 1, max: 100 }), startingAfter, endingBefore }
  }
}

/** Applies a metadata update (`null` removes a key) to existing metadata. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string | null> | undefined,
): Record<string, string> {
  if (update === undefined) return current
  if (Object.keys(update).length === 0) return {}
  const next = { ...current }
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key]
    else next[key] = value
  }
  return next
}
