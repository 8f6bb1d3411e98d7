// QueryRoot fields the simulator implements; anything else fails with "`field` is not implemented by the local simulator".
import { GraphQLError } from "graphql";
import type { RequestContext } from "../context.js";
import { Views } from "../views.js";
import { connection, type ConnectionArgs } from "../connection.js";
import { notImplementedError } from "../errors.js";
import { appInstallationView } from "../metafieldViews.js";
import { numericIdOf, parseGid } from "../../state/ids.js";
import {
  compare,
  matchText,
  parseDateValue,
  parseSearch,
  SearchSyntaxError,
  type SearchTerm,
} from "../../domain/searchQuery.js";
import { displayFinancialStatus, displayFulfillmentStatus, orderTotals } from "../../domain/orderTotals.js";
import { transactionsOf } from "../../operations/orders.js";
import type { OrderRecord, ProductRecord, SellingPlanGroupRecord, VariantRecord } from "../../state/types.js";

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };
type Matcher<T> = (item: T, term: SearchTerm) => boolean;

function filterBy<T>(
  items: T[],
  query: string | null | undefined,
  matchers: Record<string, Matcher<T>>,
  what: string,
  freeText?: Matcher<T>,
): T[] {
  let terms: SearchTerm[];
  try {
    terms = parseSearch(query);
  } catch (e) {
    throw new GraphQLError(e instanceof Error ? e.message : String(e));
  }
  for (const t of terms) {
    if (t.field === null && !freeText) throw notImplementedError(`${what}(query:) free-text search ("${t.value}")`);
    if (t.field !== null && !matchers[t.field]) throw notImplementedError(`${what}(query:) filter ${t.field}`);
  }
  return items.filter((item) =>
    terms.every((t) => {
      try {
        const matcher = t.field === null ? freeText! : matchers[t.field]!;
        return matcher(item, t) !== t.negated;
      } catch (e) {
        if (e instanceof SearchSyntaxError) throw new GraphQLError(e.message);
        throw e;
      }
    }),
  );
}

const idMatch = (id: number, t: SearchTerm) => compare(id, t, (v) => Number(/\d+$/.exec(v)?.[0] ?? NaN));
const dateMatch = (d: Date | null, t: SearchTerm) => compare(d ? d.getTime() : null, t, parseDateValue);

function sortBy<T>(
  items: T[],
  sortKey: string | null | undefined,
  keys: Record<string, (t: T) => number | string>,
  fallback: string,
  what: string,
): T[] {
  const k = sortKey ?? fallback;
  const key = keys[k];
  if (!key) throw notImplementedError(`${what}(sortKey: ${k})`);
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export function queryRoot(ctx: RequestContext) {
  const v = new Views(ctx);
  const s = ctx.shop;

  const productMatchers: Record<string, Matcher<ProductRecord>> = {
    id: (p, t) => idMatch(p.id, t),
    title: (p, t) => matchText(p.title, t.value),
    status: (p, t) => t.value.split(",").some((x) => x.trim().toUpperCase() === p.status),
    product_type: (p, t) => matchText(p.productType, t.value),
    vendor: (p, t) => matchText(p.vendor, t.value),
    tag: (p, t) => p.tags.some((tag) => matchText(tag, t.value)),
    created_at: (p, t) => dateMatch(p.createdAt, t),
    updated_at: (p, t) => dateMatch(p.updatedAt, t),
  };

  /** Shopify's free text matches the start of any word of the title, vendor, type, tags or handle. */
  const productFreeText: Matcher<ProductRecord> = (p, t) => {
    const needle = t.value.toLowerCase().replace(/\*$/, "");
    const words = [p.title, p.vendor, p.productType, p.handle, ...p.tags]
      .filter((text): text is string => Boolean(text))
      .flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
    return words.some((word) => word.startsWith(needle));
  };

  const variantMatchers: Record<string, Matcher<VariantRecord>> = {
    id: (x, t) => idMatch(x.id, t),
    product_id: (x, t) => idMatch(x.productId, t),
    sku: (x, t) => matchText(x.sku, t.value),
    title: (x, t) => matchText(x.title, t.value),
  };

  const groupMatchers: Record<string, Matcher<SellingPlanGroupRecord>> = {
    id: (g, t) => idMatch(g.id, t),
    name: (g, t) => matchText(g.name, t.value),
    app_id: (g, t) => matchText(g.appId, t.value),
    created_at: (g, t) => dateMatch(g.createdAt, t),
    category: (g, t) => g.planIds.some((id) => matchText(s.plans.get(id)?.category ?? null, t.value)),
  };

  const orderMatchers: Record<string, Matcher<OrderRecord>> = {
    id: (o, t) => idMatch(o.id, t),
    name: (o, t) => matchText(o.name, t.value) || matchText(o.name.replace(/^#/, ""), t.value),
    email: (o, t) => matchText(o.email, t.value),
    created_at: (o, t) => dateMatch(o.createdAt, t),
    updated_at: (o, t) => dateMatch(o.updatedAt, t),
    processed_at: (o, t) => dateMatch(o.processedAt, t),
    test: (o, t) => String(o.test) === t.value.toLowerCase(),
    status: (o, t) => {
      const value = t.value.toLowerCase();
      if (value === "any") return true;
      if (value === "cancelled") return o.cancelledAt !== null;
      if (value === "closed") return o.closedAt !== null;
      if (value === "open") return o.closedAt === null && o.cancelledAt === null;
      throw new SearchSyntaxError(`Invalid status: ${t.value}`);
    },
    financial_status: (o, t) =>
      displayFinancialStatus(o, orderTotals(o, transactionsOf(s, o))).toLowerCase() === t.value.toLowerCase(),
    fulfillment_status: (o, t) => {
      const st = displayFulfillmentStatus(
        o,
        o.fulfillmentOrderIds.map((id) => s.fulfillmentOrders.get(id)!),
      );
      const value = t.value.toLowerCase();
      const aliases: Record<string, string[]> = {
        shipped: ["FULFILLED"],
        fulfilled: ["FULFILLED"],
        partial: ["PARTIALLY_FULFILLED"],
        unshipped: ["UNFULFILLED", "SCHEDULED", "ON_HOLD"],
        unfulfilled: ["UNFULFILLED", "SCHEDULED", "ON_HOLD"],
        scheduled: ["SCHEDULED"],
        on_hold: ["ON_HOLD"],
      };
      if (!aliases[value]) throw new SearchSyntaxError(`Invalid fulfillment_status: ${t.value}`);
      return aliases[value]!.includes(st);
    },
    payment_terms_type: (o, t) => {
      const terms = o.paymentTermsId ? s.terms.get(o.paymentTermsId) : undefined;
      return terms !== undefined && terms.paymentTermsType.toLowerCase() === t.value.toLowerCase();
    },
  };

  const orderSorts: Record<string, (o: OrderRecord) => number | string> = {
    ID: (o) => o.id,
    CREATED_AT: (o) => o.createdAt.getTime(),
    UPDATED_AT: (o) => o.updatedAt.getTime(),
    PROCESSED_AT: (o) => o.processedAt.getTime(),
    ORDER_NUMBER: (o) => o.number,
    TOTAL_PRICE: (o) => Number(orderTotals(o, transactionsOf(s, o)).totalMinor),
  };

  const root = {
    shop: () => v.shop(),
    currentAppInstallation: () => appInstallationView(ctx),
    product: (args: { id: string }) => {
      const id = numericIdOf(args.id, "Product");
      const p = id === null ? undefined : s.products.get(id);
      return p ? v.product(p) : null;
    },
    products: (args: ListArgs) => {
      const list = filterBy([...s.products.values()], args.query, productMatchers, "products", productFreeText);
      const sorted = sortBy(
        list,
        args.sortKey,
        {
          ID: (p) => p.id,
          TITLE: (p) => p.title.toLowerCase(),
          CREATED_AT: (p) => p.createdAt.getTime(),
          UPDATED_AT: (p) => p.updatedAt.getTime(),
        },
        "ID",
        "products",
      );
      return connection(
        sorted,
        args,
        (p) => p.id,
        (p) => v.product(p),
      );
    },
    productsCount: (args: { query?: string | null }) => ({
      count: filterBy([...s.products.values()], args.query, productMatchers, "productsCount", productFreeText).length,
      precision: "EXACT",
    }),
    productVariant: (args: { id: string }) => {
      const id = numericIdOf(args.id, "ProductVariant");
      const pv = id === null ? undefined : s.variants.get(id);
      return pv ? v.variant(pv) : null;
    },
    inventoryItem: (args: { id: string }) => {
      const id = numericIdOf(args.id, "InventoryItem");
      const pv = id === null ? undefined : [...s.variants.values()].find((x) => x.inventoryItemId === id);
      return pv ? v.inventoryItem(pv) : null;
    },
    productVariants: (args: ListArgs) => {
      const list = filterBy([...s.variants.values()], args.query, variantMatchers, "productVariants");
      const sorted = sortBy(
        list,
        args.sortKey,
        {
          ID: (x) => x.id,
          SKU: (x) => x.sku ?? "",
          TITLE: (x) => x.title,
          POSITION: (x) => x.position,
          INVENTORY_QUANTITY: (x) => x.inventoryQuantity,
        },
        "ID",
        "productVariants",
      );
      return connection(
        sorted,
        args,
        (x) => x.id,
        (x) => v.variant(x),
      );
    },
    sellingPlanGroup: (args: { id: string }) => {
      const id = numericIdOf(args.id, "SellingPlanGroup");
      const g = id === null ? undefined : s.groups.get(id);
      return g ? v.group(g) : null;
    },
    sellingPlanGroups: (args: ListArgs) => {
      const list = filterBy([...s.groups.values()], args.query, groupMatchers, "sellingPlanGroups");
      const sorted = sortBy(
        list,
        args.sortKey,
        {
          ID: (g) => g.id,
          NAME: (g) => g.name.toLowerCase(),
          CREATED_AT: (g) => g.createdAt.getTime(),
          UPDATED_AT: (g) => g.updatedAt.getTime(),
        },
        "ID",
        "sellingPlanGroups",
      );
      return connection(
        sorted,
        args,
        (g) => g.id,
        (g) => v.group(g),
      );
    },
    customer: (args: { id: string }) => {
      const id = numericIdOf(args.id, "Customer");
      const c = id === null ? undefined : s.customers.get(id);
      return c ? v.customer(c) : null;
    },
    order: (args: { id: string }) => {
      const id = numericIdOf(args.id, "Order");
      const o = id === null ? undefined : s.orders.get(id);
      return o ? v.order(o) : null;
    },
    orders: (args: ListArgs) => {
      const list = filterBy([...s.orders.values()], args.query, orderMatchers, "orders");
      const sorted = sortBy(list, args.sortKey, orderSorts, "ID", "orders");
      return connection(
        sorted,
        args,
        (o) => o.id,
        (o) => v.order(o),
      );
    },
    ordersCount: (args: { query?: string | null }) => ({
      count: filterBy([...s.orders.values()], args.query, orderMatchers, "ordersCount").length,
      precision: "EXACT",
    }),
    orderPaymentStatus: (args: { orderId: string; paymentReferenceId: string }) => {
      const a = s.attempts.get(args.paymentReferenceId);
      if (!a || a.orderId !== numericIdOf(args.orderId, "Order")) return null;
      return v.paymentStatus(a);
    },
    job: (args: { id: string }) => {
      const p = parseGid(args.id);
      const view = p && p.type === "Job" ? v.job(p.id) : null;
      return view ? { ...view, query: () => (s.jobs.get(p!.id)?.done ? root : null) } : null;
    },
    node: (args: { id: string }) => {
      const n = v.node(args.id);
      if (n === "unsupported") throw notImplementedError(`node(id: "${args.id}") for this type`);
      return n;
    },
    nodes: (args: { ids: string[] }) =>
      args.ids.map((id) => {
        const n = v.node(id);
        if (n === "unsupported") throw notImplementedError(`nodes(ids:) for ${id}`);
        return n;
      }),
  };
  return root;
}
