/** Form schemas of the staff pages, shared by the browser (conform) and the server. */
import { z } from 'zod'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rules.ts'
import { STAFF_ROLES } from './roles.ts'

const email = z
  .string({ required_error: 'Enter your email address.' })
  .trim()
  .max(254)
  .email('Enter an email address like name@example.org.')

const newPassword = z
  .string({ required_error: 'Enter a new password.' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)

export const loginSchema = z.object({
  email,
  password: z.string({ required_error: 'Enter your password.' }).max(PASSWORD_MAX_LENGTH),
  redirectTo: z.string().optional(),
})

export const codeSchema = z.object({
  code: z
    .string({ required_error: 'Enter the code.' })
    .trim()
    .max(20, 'That is not a code from your app or a recovery code.'),
})

export const forgotPasswordSchema = z.object({ email })

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1),
    password: newPassword,
    confirm: z.string({ required_error: 'Type the new password again.' }),
  })
  .refine((value) => value.password === value.confirm, {
    path: ['confirm'],
    message: 'The two passwords are not the same.',
  })

export const changePasswordSchema = z
  .object({
    intent: z.literal('change-password'),
    currentPassword: z.string({ required_error: 'Enter your current password.' }),
    newPassword,
    confirm: z.string({ required_error: 'Type the new password again.' }),
  })
  .refine((value) => value.newPassword === value.confirm, {
    path: ['confirm'],
    message: 'The two passwords are not the same.',
  })

const roles = z
  .array(z.enum(STAFF_ROLES), { required_error: 'Choose at least one role.' })
  .min(1, 'Choose at least one role.')
const name = z.string({ required_error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120)

export const createStaffSchema = z.object({ email, name, roles })

export const updateStaffSchema = z.object({ intent: z.literal('update'), name, roles })
