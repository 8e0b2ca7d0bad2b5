-- A password chosen by an administrator is temporary: it must be changed at first sign-in.
ALTER TABLE "StaffUser" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
