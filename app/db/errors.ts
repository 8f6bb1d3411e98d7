// Recognises Prisma errors by code: the SQLite and PostgreSQL clients each bundle their own error classes,
// so `instanceof` against one client's classes misses the other's.

export function isUniqueConstraintViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
