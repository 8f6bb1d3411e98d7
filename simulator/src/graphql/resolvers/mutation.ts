// Mutation fields the simulator implements: selling plan groups, mandate payments, payment terms, cancel, reminders, metafields.
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../context.js";
import { Views } from "../views.js";
import { notImplementedError } from "../errors.js";
import { gid, numericIdOf } from "../../state/ids.js";
import type { SellingPlanGroupInput } from "../../domain/sellingPlans.js";
import { NotModelledError } from "../../domain/sellingPlans.js";
import { changeResources, createGroup, deleteGroup, updateGroup } from "../../operations/sellingPlans.js";
import { createMandatePayment, type MandatePaymentArgs } from "../../operations/payments.js";
import {
  cancelOrder,
  closeOrder,
  markOrderPaid,
  openOrder,
  OrderOperationError,
  sendPaymentReminder,
  updatePaymentTerms,
} from "../../operations/orders.js";
import {
  appInstallationGid,
  deleteMetafields,
  setMetafields,
  type MetafieldIdentifierInput,
  type MetafieldsSetInput,
} from "../../operations/metafields.js";
import { appInstallationView, metafieldView } from "../metafieldViews.js";

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NotModelledError)
      throw notImplementedError(e.message.replace(/ are not implemented by the local simulator$/, ""));
    throw e;
  }
}

export function mutationRoot(ctx: RequestContext) {
  const v = new Views(ctx);
  const { sim, shop: s } = ctx;
  const orderOpenClose = (id: string, change: typeof closeOrder) => {
    const orderId = numericIdOf(id, "Order") ?? -1;
    const order = s.orders.get(orderId);
    const fail = (message: string) => ({ order: null, userErrors: [{ field: ["id"], message }] });
    if (!order) return fail("Order does not exist");
    try {
      change(sim, s, orderId);
    } catch (error) {
      if (error instanceof OrderOperationError) return fail(error.message);
      throw error;
    }
    return { order: () => v.order(order), userErrors: [] };
  };
  return {
    sellingPlanGroupCreate: (args: {
      input: SellingPlanGroupInput;
      resources?: { productIds?: string[] | null; productVariantIds?: string[] | null } | null;
    }) =>
      guard(() => {
        const r = createGroup(sim, s, args.input, args.resources);
        return { sellingPlanGroup: r.group ? v.group(r.group) : null, userErrors: r.userErrors };
      }),
    sellingPlanGroupUpdate: (args: { id: string; input: SellingPlanGroupInput }) =>
      guard(() => {
        const r = updateGroup(sim, s, args.id, args.input);
        return {
          sellingPlanGroup: r.group ? v.group(r.group) : null,
          deletedSellingPlanIds: r.group ? (r.deletedSellingPlanIds ?? []) : null,
          userErrors: r.userErrors,
        };
      }),
    sellingPlanGroupDelete: (args: { id: string }) => {
      const r = deleteGroup(sim, s, args.id);
      return { deletedSellingPlanGroupId: r.deletedId, userErrors: r.userErrors };
    },
    sellingPlanGroupAddProducts: (args: { id: string; productIds: string[] }) => {
      const r = changeResources(sim, s, args.id, "Product", args.productIds, true);
      return { sellingPlanGroup: r.group ? v.group(r.group) : null, userErrors: r.userErrors };
    },
    sellingPlanGroupRemoveProducts: (args: { id: string; productIds: string[] }) => {
      const r = changeResources(sim, s, args.id, "Product", args.productIds, false);
      return { removedProductIds: r.userErrors.length ? null : r.changedIds, userErrors: r.userErrors };
    },
    sellingPlanGroupAddProductVariants: (args: { id: string; productVariantIds: string[] }) => {
      const r = changeResources(sim, s, args.id, "ProductVariant", args.productVariantIds, true);
      return { sellingPlanGroup: r.group ? v.group(r.group) : null, userErrors: r.userErrors };
    },
    sellingPlanGroupRemoveProductVariants: (args: { id: string; productVariantIds: string[] }) => {
      const r = changeResources(sim, s, args.id, "ProductVariant", args.productVariantIds, false);
      return { removedProductVariantIds: r.userErrors.length ? null : r.changedIds, userErrors: r.userErrors };
    },
    orderCreateMandatePayment: (args: MandatePaymentArgs) => {
      const r = createMandatePayment(sim, s, args);
      const a = r.attempt;
      // The response that creates (or replays) a payment shows it as it is; it does not count as the app polling it.
      if (a) ctx.observed.add(a.paymentReferenceId);
      if (!a || r.answer === "user_error" || r.answer === "in_progress")
        return { job: null, jobResult: null, paymentReferenceId: null, userErrors: r.userErrors };
      if (r.answer === "no_reference")
        return { job: v.job(a.jobId), jobResult: v.jobResult(a), paymentReferenceId: null, userErrors: [] };
      return {
        job: v.job(a.jobId),
        jobResult: v.jobResult(a),
        paymentReferenceId: a.paymentReferenceId,
        userErrors: [],
      };
    },
    paymentTermsUpdate: (args: {
      input: {
        paymentTermsId: string;
        paymentTermsAttributes: {
          paymentSchedules?: { dueAt?: string | null; issuedAt?: string | null }[] | null;
          paymentTermsTemplateId?: string | null;
        };
      };
    }) => {
      const attrs = args.input.paymentTermsAttributes;
      if (attrs.paymentTermsTemplateId) throw notImplementedError("paymentTermsUpdate(paymentTermsTemplateId:)");
      const termsId = numericIdOf(args.input.paymentTermsId, "PaymentTerms");
      const schedules = attrs.paymentSchedules ?? [];
      if (schedules.length > 1) {
        return {
          paymentTerms: null,
          userErrors: [
            {
              field: ["input", "paymentTermsAttributes", "paymentSchedules"],
              message: "Only one payment schedule is supported",
              code: "PAYMENT_TERMS_UPDATE_UNSUCCESSFUL",
            },
          ],
        };
      }
      const r = updatePaymentTerms(sim, s, termsId ?? -1, schedules[0] ?? {});
      const terms = termsId !== null ? s.terms.get(termsId) : undefined;
      return { paymentTerms: r.userErrors.length === 0 && terms ? v.terms(terms) : null, userErrors: r.userErrors };
    },
    orderCancel: (args: {
      orderId: string;
      reason: string;
      refund?: boolean | null;
      restock: boolean;
      staffNote?: string | null;
      notifyCustomer?: boolean | null;
      refundMethod?: unknown;
    }) => {
      if (args.refundMethod) throw notImplementedError("orderCancel(refundMethod:)");
      const orderId = numericIdOf(args.orderId, "Order") ?? -1;
      const r = cancelOrder(sim, s, orderId, {
        reason: args.reason,
        refund: args.refund ?? false,
        restock: args.restock,
        staffNote: args.staffNote ?? null,
      });
      if (!r.order)
        return {
          job: null,
          jobResult: null,
          orderCancelUserErrors: r.userErrors,
          userErrors: r.userErrors.map(({ field, message }) => ({ field, message })),
        };
      const jobId = randomUUID();
      s.jobs.set(jobId, { id: jobId, paymentReferenceId: null, done: true });
      const order = r.order;
      return {
        job: v.job(jobId),
        jobResult: {
          __typename: "OrderCancelJobResult",
          id: gid("OrderCancelJobResult", sim.store.ids.take()),
          done: true,
          status: "SUCCEEDED",
          errors: [],
          order: () => v.order(order),
        },
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
    orderMarkAsPaid: (args: { input: { id: string } }) => {
      const orderId = numericIdOf(args.input.id, "Order") ?? -1;
      const order = s.orders.get(orderId);
      const fail = (message: string) => ({ order: null, userErrors: [{ field: ["id"], message }] });
      if (!order) return fail("Order does not exist");
      try {
        markOrderPaid(sim, s, orderId);
      } catch (error) {
        if (error instanceof OrderOperationError) return fail(error.message);
        throw error;
      }
      return { order: () => v.order(order), userErrors: [] };
    },
    orderClose: (args: { input: { id: string } }) => orderOpenClose(args.input.id, closeOrder),
    orderOpen: (args: { input: { id: string } }) => orderOpenClose(args.input.id, openOrder),
    paymentReminderSend: (args: { paymentScheduleId: string }) =>
      sendPaymentReminder(sim, s, numericIdOf(args.paymentScheduleId, "PaymentSchedule") ?? -1),
    metafieldsSet: (args: { metafields: MetafieldsSetInput[] }) => {
      const r = setMetafields(sim, s, args.metafields);
      const ownerView = (ownerId: string) => () =>
        ownerId === appInstallationGid(sim, s) ? appInstallationView(ctx) : (v.node(ownerId) as object);
      return {
        metafields: r.metafields.map((m) => metafieldView(m, ownerView(m.ownerId))),
        userErrors: r.userErrors,
      };
    },
    metafieldsDelete: (args: { metafields: MetafieldIdentifierInput[] }) => deleteMetafields(sim, s, args.metafields),
  };
}
