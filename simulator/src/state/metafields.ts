// Metafields a shop holds (by owner, resolved namespace and key) and the app installation that app-data metafields hang on.

/** `MetafieldOwnerType` of the owners the simulator models; app-data metafields report API_PERMISSION, as Shopify's do. */
export type MetafieldOwnerType = "PRODUCT" | "PRODUCTVARIANT" | "API_PERMISSION";

export interface MetafieldRecord {
  id: number;
  /** The owner's gid, e.g. gid://shopify/Product/1. */
  ownerId: string;
  ownerType: MetafieldOwnerType;
  /** Always resolved: `$app:x` is stored as `app--<app id>--x`, as Shopify stores it. */
  namespace: string;
  key: string;
  type: string;
  /** As Shopify keeps it: a string whatever the type. */
  value: string;
  createdAt: Date;
  updatedAt: Date;
}

export class MetafieldState {
  private readonly records = new Map<string, MetafieldRecord>();
  /** Numeric id of this app's installation on the shop, assigned on first use. */
  installationId: number | null = null;

  private static keyOf(ownerId: string, namespace: string, key: string): string {
    return `${ownerId}\u0000${namespace}\u0000${key}`;
  }

  get(ownerId: string, namespace: string, key: string): MetafieldRecord | undefined {
    return this.records.get(MetafieldState.keyOf(ownerId, namespace, key));
  }

  put(record: MetafieldRecord): void {
    this.records.set(MetafieldState.keyOf(record.ownerId, record.namespace, record.key), record);
  }

  delete(ownerId: string, namespace: string, key: string): boolean {
    return this.records.delete(MetafieldState.keyOf(ownerId, namespace, key));
  }

  /** Drops every metafield of an owner (the owner was deleted). */
  deleteOwner(ownerId: string): void {
    for (const [k, r] of this.records) if (r.ownerId === ownerId) this.records.delete(k);
  }

  all(): MetafieldRecord[] {
    return [...this.records.values()];
  }
}
