// The record of due dates moved from the app (applied or refused by Shopify), scoped by shop.
import type { Database } from "./client.server";

export interface DueDateChangeInput {
  orderId: string;
  orderName: string;
  paymentTermsId: string;
  fromDueAt: Date | null;
  toDueAt: Date;
  earlier: boolean;
  confirmedEarlier: boolean;
  staffUserId: string | null;
  reason: string | null;
  outcome: "APPLIED" | "FAILED";
  error?: string | null;
  at: Date;
}

export async function recordDueDateChange(db: Database, shop: string, change: DueDateChangeInput) {
  const { at, ...fields } = change;
  return db.dueDateChange.create({ data: { shop, ...fields, error: fields.error ?? null, createdAt: at } });
}

/** Newest first. */
export async function listDueDateChanges(db: Database, shop: string, orderId: string) {
  return db.dueDateChange.findMany({ where: { shop, orderId }, orderBy: { createdAt: "desc" }, take: 50 });
}
