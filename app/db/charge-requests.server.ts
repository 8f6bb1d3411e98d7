// Staff members' requests on a balance charge (ChargeRequest): recorded by the web process, applied and settled by the
// charge's unit of work under its claim (app/services/charge-run*.server.ts). Every function takes the shop.
import type { ChargeRequestKind, ChargeRequestStatus } from "../domain/charge-request";
import type { Database } from "./client.server";
import type { DatabaseOrTx } from "./scheduled-jobs.server";

export interface ChargeRequestRow {
  id: string;
  shop: string;
  chargeId: string;
  kind: ChargeRequestKind;
  staffMemberId: string | null;
  status: ChargeRequestStatus;
  outcome: string | null;
  requestedAt: Date;
  settledAt: Date | null;
}

export const asRequest = (
  raw: Awaited<ReturnType<Database["chargeRequest"]["findFirstOrThrow"]>>,
): ChargeRequestRow => ({
  ...raw,
  kind: raw.kind as ChargeRequestKind,
  status: raw.status as ChargeRequestStatus,
});

export async function insertChargeRequest(
  db: DatabaseOrTx,
  charge: { id: string; shop: string },
  request: { kind: ChargeRequestKind; staffMemberId: string | null; at: Date },
): Promise<ChargeRequestRow> {
  return asRequest(
    await db.chargeRequest.create({
      data: {
        shop: charge.shop,
        chargeId: charge.id,
        kind: request.kind,
        staffMemberId: request.staffMemberId,
        requestedAt: request.at,
      },
    }),
  );
}

/** The charge's requests not applied yet, oldest first. */
export async function listPendingRequests(db: DatabaseOrTx, shop: string, chargeId: string) {
  const raws = await db.chargeRequest.findMany({
    where: { shop, chargeId, status: "PENDING" },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
  });
  return raws.map(asRequest);
}

export async function findChargeRequest(db: DatabaseOrTx, shop: string, id: string) {
  const raw = await db.chargeRequest.findFirst({ where: { id, shop } });
  return raw ? asRequest(raw) : null;
}

/** Settles a pending request (once: a request already settled is left as it is). */
export async function settleChargeRequest(
  db: DatabaseOrTx,
  request: Pick<ChargeRequestRow, "id" | "shop">,
  settlement: { status: Exclude<ChargeRequestStatus, "PENDING">; outcome: string; at: Date },
): Promise<boolean> {
  const { count } = await db.chargeRequest.updateMany({
    where: { id: request.id, shop: request.shop, status: "PENDING" },
    data: { status: settlement.status, outcome: settlement.outcome.slice(0, 2000), settledAt: settlement.at },
  });
  return count === 1;
}
