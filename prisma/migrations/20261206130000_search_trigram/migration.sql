-- PostgreSQL only: a trigram index for the deferred orders search (see prisma/postgresql/migrations). SQLite has no
-- trigram index; its search scans the (shop, searchText, id) index. This migration keeps the two histories in step.
SELECT 1;
