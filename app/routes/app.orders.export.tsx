// The CSV of a deferred orders view (the list's query string), streamed as it is read: every order of the view,
// not only one page, for the session's shop alone.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appNow, authenticate } from "../shopify.server";
import { offerContext } from "../services/offers.server";
import { exportOrdersCsv, orderCsvFileName } from "../services/order-export.server";
import { parseOrderListQuery } from "../domain/order-list";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const ctx = await offerContext(session);
  const now = appNow();
  const { query, problems } = parseOrderListQuery(new URL(request.url).searchParams, { timeZone: ctx.timeZone, now });
  if (problems.length > 0) {
    return new Response(problems.map((problem) => problem.message).join("\n"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(exportOrdersCsv(ctx, query), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${orderCsvFileName(ctx.shop, ctx.timeZone, now)}"`,
      // no-transform: the server's compression would hold the stream back and buffer it; a CSV streams as it is read.
      "Cache-Control": "no-store, no-transform",
    },
  });
};
