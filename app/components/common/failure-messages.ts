// The merchant's words for a failed call to Shopify: whether anything changed, and whether trying again makes sense.
import type { AdminFailure } from "../../domain/admin-failure";
import type { FieldErrors } from "../../domain/offer";

/** For the offer forms (the form keeps the merchant's input): one message about the whole offer. */
export function offerFailureFields(failure: AdminFailure): FieldErrors {
  switch (failure.kind) {
    case "THROTTLED":
      return { "": "Shopify is busy right now. Nothing was changed; try again in a minute." };
    case "NO_ANSWER":
      return {
        "": "Shopify did not answer in time. Click Sync now on the offers page to see whether the change was made.",
      };
    case "UNREACHABLE":
      return { "": "Shopify could not be reached. Nothing was changed; try again." };
    case "UNAUTHORIZED":
      return { "": "Shopify refused the app's access. Reinstall the app, then try again." };
    case "REFUSED":
      return { "": `Shopify refused the change: ${failure.messages.join(" ")}` };
    case "OTHER":
      return { "": "Shopify could not complete the request. Nothing was lost here; try again." };
  }
}

/** For an action on one order (moving its due date, charging it): `check` names what to reload to see the result. */
export function orderActionFailureText(failure: AdminFailure, check = "whether the due date changed"): string {
  switch (failure.kind) {
    case "THROTTLED":
      return "Shopify is busy right now. Nothing was changed; try again in a minute.";
    case "NO_ANSWER":
      return `Shopify did not answer in time. Reload the page to see ${check}.`;
    case "UNREACHABLE":
      return "Shopify could not be reached. Nothing was changed; try again.";
    case "UNAUTHORIZED":
      return "Shopify refused the app's access. Reinstall the app, then try again.";
    case "REFUSED":
      return `Shopify refused: ${failure.messages.join(" ")}`;
    case "OTHER":
      return "Shopify could not complete the request. Nothing was changed; try again.";
  }
}
