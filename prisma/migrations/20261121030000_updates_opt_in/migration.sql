-- AlterTable
ALTER TABLE "Pledge" ADD COLUMN     "updatesOptIn" BOOLEAN NOT NULL DEFAULT false;
