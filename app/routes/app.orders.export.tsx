// The CSV of a deferred orders view (the list's query string), streamed as it is read: every order of the view,
// not only one page, or the orders selected in it (`orderId`, repeated), for the session's shop alone.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appNow, authenticate } from "../shopify.server";
import { offerContext } from "../services/offers.server";
import { exportOrdersCsv, orderCsvFileName } from "../services/order-export.server";
import { selectedOrders } from "../services/order-actions.server";
import { parseOrderListQuery } from "../domain/order-list";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const now = appNow();
  const params = new URL(request.url).searchParams;
  const { query, problems } = parseOrderListQuery(params, { timeZone: ctx.timeZone, now });
  const text = (body: string, status: number) =>
    new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (problems.length > 0) return text(problems.map((problem) => problem.message).join("\n"), 400);
  // A selection: every id must be one of this shop's orders, as for the list's other bulk actions.
  const ids = params.getAll("orderId");
  if (ids.length > 0 && !(await selectedOrders(ctx.db, ctx.shop, ids))) return text("Not found", 404);
  return new Response(exportOrdersCsv(ctx, query, ids.length > 0 ? ids : undefined), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${orderCsvFileName(ctx.shop, ctx.timeZone, now)}"`,
      // no-transform: the server's compression would hold the stream back and buffer it; a CSV streams as it is read.
      "Cache-Control": "no-store, no-transform",
    },
  });
};
