// `npm run charges:plan [-- --json] [-- --shop x.myshopify.com]`: what the next run of the charge engine would charge,
// for how much, and why each other open balance is not charged now, for every installed shop (or one). Calls no
// mutation and no Admin API at all: it reads the app's own ledger and deferred orders, at the app's clock.
import prisma from "../db/client.server";
import { listInstalledShops } from "../db/shops.server";
import { logger } from "../logger.server";
import { planCharges } from "../services/charges.server";
import { appClock } from "./clock.server";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const shopArg = args.indexOf("--shop");
  const clock = appClock();
  await clock.sync();
  const now = clock.now();
  const shops = shopArg >= 0 ? [args[shopArg + 1]] : await listInstalledShops(prisma);
  const plans = [];
  for (const shop of shops) plans.push(await planCharges(prisma, shop, now));
  if (json) {
    process.stdout.write(`${JSON.stringify({ at: now.toISOString(), shops: plans }, null, 2)}\n`);
    return 0;
  }
  for (const plan of plans) {
    process.stdout.write(`\n${plan.shop} at ${plan.at}\n`);
    if (plan.charges.length === 0) process.stdout.write("  no open balances\n");
    for (const row of plan.charges) {
      process.stdout.write(
        `  ${row.action.padEnd(15)} ${row.orderName.padEnd(10)} ${`${row.amount} ${row.currency}`.padStart(14)}  due ${row.dueAt ?? "on fulfillment"}  ${row.why}\n`,
      );
    }
    const totals = Object.entries(plan.totals).map(([currency, amount]) => `${amount} ${currency}`);
    process.stdout.write(`  next run charges: ${totals.length ? totals.join(", ") : "nothing"}\n`);
  }
  return 0;
}

main()
  .catch((error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "charge plan could not be made");
    return 1;
  })
  .then(async (code) => {
    await prisma.$disconnect().catch(() => {});
    process.exit(code);
  });
