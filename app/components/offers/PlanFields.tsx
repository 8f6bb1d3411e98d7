// One purchase option of the offer form: names, deposit, balance, shipping, inventory, price, or the trial's length.
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { FieldErrors, OfferKind } from "../../domain/offer";
import { chargesBeforeShipping, type PlanFormState } from "./form-state";
import {
  BALANCE_OPTIONS,
  DEPOSIT_OPTIONS,
  FULFILLMENT_OPTIONS,
  PRICE_ADJUSTMENT_OPTIONS,
  RESERVE_OPTIONS,
  trialDepositOptions,
} from "./labels";

export interface PlanFieldsProps {
  kind: OfferKind;
  index: number;
  plan: PlanFormState;
  optionLabels: string[];
  currencyCode: string;
  timeZone: string;
  /** Earliest date the date fields suggest ("YYYY-MM-DD", tomorrow in the shop's zone). */
  minDate: string;
  now: Date;
  errors: FieldErrors;
  disabled: boolean;
  canRemove: boolean;
  onChange: (change: Partial<PlanFormState>) => void;
  onRemove: () => void;
}

export function PlanFields({
  kind,
  index,
  plan,
  optionLabels,
  currencyCode,
  timeZone,
  minDate,
  now,
  errors,
  disabled,
  canRemove,
  onChange,
  onRemove,
}: PlanFieldsProps) {
  const error = (path: string) => errors[`plans.${index}.${path}`];
  const number = index + 1;
  const dateHelp = `A day in the shop's time zone (${timeZone}).`;
  const chargesEarly = kind === "PRE_ORDER" && chargesBeforeShipping(plan, timeZone, now);

  const headingId = `purchase-option-${index}-heading`;

  return (
    <section aria-labelledby={headingId}>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm" id={headingId}>
              {`Purchase option ${number}`}
            </Text>
            <Button
              variant="plain"
              tone="critical"
              onClick={onRemove}
              disabled={disabled || !canRemove}
              accessibilityLabel={`Remove purchase option ${number}`}
            >
              Remove
            </Button>
          </InlineStack>
          <FormLayout>
            <TextField
              label="Option name"
              helpText="Customers see it in the cart, at checkout and on the order."
              value={plan.name}
              onChange={(name) => onChange({ name })}
              error={error("name")}
              autoComplete="off"
              disabled={disabled}
            />
            {plan.optionValues.map((value, j) => (
              <TextField
                key={j}
                label={`Choice under "${optionLabels[j]?.trim() || `Option label ${j + 1}`}"`}
                helpText={j === 0 ? "What customers pick on the product page, e.g. “Pay 25% now”." : undefined}
                value={value}
                onChange={(text) => onChange({ optionValues: plan.optionValues.map((v, k) => (k === j ? text : v)) })}
                error={error(`optionValues.${j}`) ?? (j === 0 ? error("optionValues") : undefined)}
                autoComplete="off"
                disabled={disabled}
              />
            ))}
            <TextField
              label="Description on the product page"
              value={plan.description}
              onChange={(description) => onChange({ description })}
              error={error("description")}
              multiline={2}
              autoComplete="off"
              disabled={disabled}
            />
          </FormLayout>

          <FormLayout>
            {kind === "TRY_BEFORE_YOU_BUY" ? (
              <TextField
                label="Trial length"
                type="number"
                suffix="days"
                helpText="The customer is charged when the trial ends, unless they return the item."
                value={plan.trialDays}
                onChange={(trialDays) => onChange({ trialDays })}
                error={error("trialDays")}
                autoComplete="off"
                disabled={disabled}
              />
            ) : null}
            <FormLayout.Group>
              <Select
                label="Customer pays at checkout"
                options={kind === "PRE_ORDER" ? DEPOSIT_OPTIONS : trialDepositOptions(plan.deposit)}
                value={plan.deposit}
                onChange={(deposit) => onChange({ deposit: deposit as PlanFormState["deposit"] })}
                error={error("deposit")}
                disabled={disabled}
              />
              {plan.deposit === "PERCENTAGE" ? (
                <TextField
                  label="Deposit percentage"
                  type="text"
                  inputMode="decimal"
                  suffix="%"
                  value={plan.depositPercentage}
                  onChange={(depositPercentage) => onChange({ depositPercentage })}
                  error={error("deposit.percentage")}
                  autoComplete="off"
                  disabled={disabled}
                />
              ) : null}
              {plan.deposit === "FIXED_AMOUNT" ? (
                <TextField
                  label="Deposit per item"
                  type="text"
                  inputMode="decimal"
                  suffix={currencyCode}
                  value={plan.depositAmount}
                  onChange={(depositAmount) => onChange({ depositAmount })}
                  error={error("deposit.amount")}
                  autoComplete="off"
                  disabled={disabled}
                />
              ) : null}
            </FormLayout.Group>

            {kind === "PRE_ORDER" && plan.deposit !== "FULL" ? (
              <FormLayout.Group>
                <Select
                  label="Charge the rest"
                  options={BALANCE_OPTIONS}
                  value={plan.balance}
                  onChange={(balance) => onChange({ balance: balance as PlanFormState["balance"] })}
                  error={error("balance")}
                  disabled={disabled}
                />
                {plan.balance === "EXACT_DATE" ? (
                  <TextField
                    label="Balance charge date"
                    type="date"
                    min={minDate}
                    helpText={dateHelp}
                    value={plan.balanceDate}
                    onChange={(balanceDate) => onChange({ balanceDate })}
                    error={error("balance.chargeAt")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                ) : null}
                {plan.balance === "DAYS_AFTER_CHECKOUT" ? (
                  <TextField
                    label="Days after checkout"
                    type="number"
                    suffix="days"
                    value={plan.balanceDays}
                    onChange={(balanceDays) => onChange({ balanceDays })}
                    error={error("balance.days")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                ) : null}
              </FormLayout.Group>
            ) : null}

            {kind === "PRE_ORDER" ? (
              <FormLayout.Group>
                <Select
                  label="Ships"
                  options={FULFILLMENT_OPTIONS}
                  value={plan.fulfillment}
                  onChange={(fulfillment) => onChange({ fulfillment: fulfillment as PlanFormState["fulfillment"] })}
                  error={error("fulfillment")}
                  disabled={disabled}
                />
                {plan.fulfillment === "EXACT_DATE" ? (
                  <TextField
                    label="Ship date"
                    type="date"
                    min={minDate}
                    helpText={dateHelp}
                    value={plan.shipDate}
                    onChange={(shipDate) => onChange({ shipDate })}
                    error={error("fulfillment.shipsAt")}
                    autoComplete="off"
                    disabled={disabled}
                  />
                ) : null}
              </FormLayout.Group>
            ) : null}

            {chargesEarly ? (
              <Banner tone="warning" title="The balance would be charged before the item ships">
                <BlockStack gap="200">
                  <p>
                    Charging customers before you ship is a common cause of chargebacks. Pick a later date, or confirm.
                  </p>
                  <Checkbox
                    label="Charge the balance before the item ships"
                    checked={plan.confirmChargeBeforeFulfillment}
                    onChange={(confirmChargeBeforeFulfillment) => onChange({ confirmChargeBeforeFulfillment })}
                    error={error("confirmChargeBeforeFulfillment")}
                    disabled={disabled}
                  />
                </BlockStack>
              </Banner>
            ) : null}

            <FormLayout.Group>
              <Select
                label="Take the item out of stock"
                options={RESERVE_OPTIONS}
                value={plan.reserveInventory}
                onChange={(reserveInventory) =>
                  onChange({ reserveInventory: reserveInventory as PlanFormState["reserveInventory"] })
                }
                error={error("reserveInventory")}
                disabled={disabled}
              />
              <Select
                label="Price for this option"
                options={PRICE_ADJUSTMENT_OPTIONS}
                value={plan.priceAdjustment}
                onChange={(priceAdjustment) =>
                  onChange({ priceAdjustment: priceAdjustment as PlanFormState["priceAdjustment"] })
                }
                error={error("priceAdjustment")}
                disabled={disabled}
              />
            </FormLayout.Group>
            {plan.priceAdjustment === "PERCENTAGE_OFF" ? (
              <TextField
                label="Discount percentage"
                type="text"
                inputMode="decimal"
                suffix="%"
                value={plan.priceAdjustmentPercentage}
                onChange={(priceAdjustmentPercentage) => onChange({ priceAdjustmentPercentage })}
                error={error("priceAdjustment.percentage")}
                autoComplete="off"
                disabled={disabled}
              />
            ) : null}
            {plan.priceAdjustment === "AMOUNT_OFF" ? (
              <TextField
                label="Amount off per item"
                type="text"
                inputMode="decimal"
                suffix={currencyCode}
                value={plan.priceAdjustmentAmount}
                onChange={(priceAdjustmentAmount) => onChange({ priceAdjustmentAmount })}
                error={error("priceAdjustment.amount")}
                autoComplete="off"
                disabled={disabled}
              />
            ) : null}
            {plan.priceAdjustment === "FIXED_PRICE" ? (
              <TextField
                label="Offer price per item"
                type="text"
                inputMode="decimal"
                suffix={currencyCode}
                value={plan.priceAdjustmentPrice}
                onChange={(priceAdjustmentPrice) => onChange({ priceAdjustmentPrice })}
                error={error("priceAdjustment.price")}
                autoComplete="off"
                disabled={disabled}
              />
            ) : null}
          </FormLayout>
        </BlockStack>
      </Card>
    </section>
  );
}
