// A pre-sale cap in the merchant's words, for the offers list and the offer page.
import type { PresaleState } from "../../domain/offer-contract";

export interface PresaleBadge {
  label: string;
  tone: "critical" | "attention" | "info";
}

const count = new Intl.NumberFormat("en-US");

/**
 * "Pre-sale closed: 50 of 50 sold" once the cap closed the offer, "12 of 50 sold" while open. A pre-sale closed
 * under a cap that was since removed (limit 0 in the contract) has no "of": only the units sold are known.
 */
export function presaleBadge(presale: PresaleState): PresaleBadge {
  const sold = count.format(presale.sold);
  const ofLimit = presale.limit > 0 ? `${sold} of ${count.format(presale.limit)} sold` : `${sold} sold`;
  if (presale.closedAt !== null) return { label: `Pre-sale closed: ${ofLimit}`, tone: "critical" };
  // The last tenth of the cap is worth the merchant's attention: the offer will close soon.
  const nearlyFull = presale.limit > 0 && presale.sold * 10 >= presale.limit * 9;
  return { label: ofLimit, tone: nearlyFull ? "attention" : "info" };
}
