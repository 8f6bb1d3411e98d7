-- The deferred orders search ("searchText" LIKE %text%) served by a trigram index on PostgreSQL
-- (docs/decisions/0010-merchant-dashboard.md). Not in schema.prisma: the Prisma schema cannot name the extension
-- operator class portably. pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): a database
-- owner may create it. It is created in public (a database that has it in another schema needs
-- ALTER EXTENSION pg_trgm SET SCHEMA public first). The advisory lock lets migrations of two schemas of the same
-- database run at once. Statements are written one to a line, without semicolons in comments or blocks: the
-- migration runner splits the file on them.
SELECT pg_advisory_lock(hashtext('deferred-purchase-options:pg_trgm'));
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
SELECT pg_advisory_unlock(hashtext('deferred-purchase-options:pg_trgm'));
CREATE INDEX "DeferredOrder_searchText_trgm_idx" ON "DeferredOrder" USING gin ("searchText" public.gin_trgm_ops);
