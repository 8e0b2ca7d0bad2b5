import { Form } from '@remix-run/react'
import { heroImageUrl } from '#app/modules/campaigns/hero-image.ts'
import { FieldError } from '#app/components/field-error.tsx'

type Props = {
  heroImage: { key: string; alt: string } | null
  maxMegabytes: number
  errors: Partial<Record<'image' | 'alt' | 'form', string[]>> | null
}

/** The current hero image and the upload form (multipart, works without JavaScript). */
export function AdminHeroImageForm({ heroImage, maxMegabytes, errors }: Props) {
  return (
    <>
      {heroImage ? (
        <figure>
          <img
            className="admin-hero-current"
            src={heroImageUrl(heroImage.key, 800)}
            alt={heroImage.alt}
          />
          <figcaption>Current image. Alt text: {heroImage.alt}</figcaption>
        </figure>
      ) : (
        <p>This appeal has no hero image yet.</p>
      )}
      <Form method="post" encType="multipart/form-data" className="admin-form">
        <p className="field-hint">
          Never show faces or anything that reveals a place. JPEG, PNG or WebP up to {maxMegabytes}{' '}
          MB; it is resized and all location and camera data is removed.
        </p>
        <div className="field">
          <label htmlFor="image">{heroImage ? 'Replace the image (optional)' : 'Image'}</label>
          <input
            id="image"
            name="image"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            aria-invalid={errors?.image ? true : undefined}
            aria-describedby={errors?.image ? 'image-error' : undefined}
          />
          <FieldError id="image-error" errors={errors?.image} />
        </div>
        <div className="field">
          <label htmlFor="alt">Alt text (what the image shows)</label>
          <input
            id="alt"
            name="alt"
            type="text"
            defaultValue={heroImage?.alt ?? ''}
            aria-invalid={errors?.alt ? true : undefined}
            aria-describedby={errors?.alt ? 'alt-error' : undefined}
          />
          <FieldError id="alt-error" errors={errors?.alt} />
        </div>
        <p className="admin-actions">
          <button type="submit" className="button button--primary">
            Save image
          </button>
          {heroImage ? (
            <button type="submit" name="intent" value="remove" className="button" formNoValidate>
              Remove the image
            </button>
          ) : null}
        </p>
      </Form>
    </>
  )
}
