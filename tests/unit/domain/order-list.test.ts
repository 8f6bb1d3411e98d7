import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  encodeCursor,
  orderListSearchParams,
  parseOrderListQuery,
  SAVED_ORDER_VIEWS,
  savedViewOf,
  todayIn,
} from "~/domain/order-list";

const NOW = new Date("2027-03-10T15:00:00Z");
const parse = (query: string, timeZone = "America/New_York") =>
  parseOrderListQuery(new URLSearchParams(query), { timeZone, now: NOW });

describe("the deferred orders list's query", () => {
  it("reads every filter, the sort and the search from the URL", () => {
    const { query, problems } = parse(
      "status=overdue&kind=PRE_ORDER&offer=off_1&currency=EUR&dueFrom=2027-03-01&dueTo=2027-03-31&q=%20Ada%20%20Love%20&sort=balance-desc",
    );
    expect(problems).toEqual([]);
    expect(query.filters).toEqual({
      status: "overdue",
      kind: "PRE_ORDER",
      offerId: "off_1",
      currency: "EUR",
      dueFrom: "2027-03-01",
      dueTo: "2027-03-31",
      search: "Ada Love",
    });
    expect(query).toMatchObject({ sort: "balance", direction: "desc", after: null, before: null, now: NOW });
  });

  it("reads the due-date range as whole days in the shop's time zone, the last day included", () => {
    const { query } = parse("dueFrom=2027-03-01&dueTo=2027-03-31");
    expect(query.dueFromAt).toEqual(new Date("2027-03-01T05:00:00Z")); // midnight in New York (EST)
    expect(query.dueBeforeAt).toEqual(new Date("2027-04-01T04:00:00Z")); // the next midnight (EDT by then)
  });

  it("reports a due date that is not a day, and a range that ends before it starts, for the form", () => {
    expect(parse("dueFrom=03/01/2027").problems).toEqual([
      { field: "dueFrom", message: "Enter a date as YYYY-MM-DD, for example 2027-03-01." },
    ]);
    expect(parse("dueTo=2027-02-30").problems).toMatchObject([{ field: "dueTo" }]);
    const backwards = parse("dueFrom=2027-03-10&dueTo=2027-03-01");
    expect(backwards.problems).toEqual([{ field: "dueTo", message: "The end of the range is before its start." }]);
    expect(backwards.query.dueBeforeAt).toBeNull();
  });

  it("opens a stale or hand-edited link with the defaults instead of failing", () => {
    const { query, problems } = parse("status=unknown&kind=SUBSCRIPTION&currency=euro&sort=price-up&after=%%%");
    expect(problems).toEqual([]);
    expect(query.filters).toMatchObject({ status: null, kind: null, currency: null });
    expect(query).toMatchObject({ sort: "due", direction: "asc", after: null });
  });

  it("writes a view back to the URL it was read from, and leaves defaults out", () => {
    const text = "status=open&kind=TRY_BEFORE_YOU_BUY&currency=USD&q=%231001&sort=ordered-desc";
    const { query } = parse(text);
    expect(orderListSearchParams(query).toString()).toBe(text);
    expect(orderListSearchParams(parse("sort=due-asc").query).toString()).toBe("");
  });

  it("carries a page's position in an opaque cursor that survives the trip, and refuses a forged one", () => {
    const cursor = { value: "2027-03-01T05:00:00.000Z", id: "ckx1é" };
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(cursor);
    expect(parse(`after=${token}`).query.after).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ value: null, id: "x" }))).toEqual({ value: null, id: "x" });
    expect(decodeCursor("bm90IGpzb24")).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify([1, 2])))).toBeNull();
    expect(decodeCursor("a".repeat(500))).toBeNull();
  });

  it("knows the saved view a query is, relative to the shop's today", () => {
    const today = todayIn("Pacific/Auckland", NOW);
    expect(today).toBe("2027-03-11");
    const week = SAVED_ORDER_VIEWS.find((view) => view.id === "due-this-week")!.query(today);
    expect(week.filters).toMatchObject({ status: "open", dueFrom: "2027-03-11", dueTo: "2027-03-17" });
    expect(savedViewOf(week, today)).toBe("due-this-week");
    expect(savedViewOf(parse("status=overdue").query, today)).toBe("overdue");
    expect(savedViewOf(parse("").query, today)).toBe("all");
    // A search or another sort within a view is still that view.
    expect(savedViewOf(parse("status=overdue&q=ada&sort=balance-desc").query, today)).toBe("overdue");
    expect(savedViewOf(parse("status=overdue&kind=PRE_ORDER").query, today)).toBeNull();
  });
});
