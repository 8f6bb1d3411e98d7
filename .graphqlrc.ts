// GraphQL config for codegen (`npm run graphql-codegen`) and editor tooling: the vendored 2026-10 Admin schema, offline.
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { printSchema } from "graphql";
import type { IGraphQLConfig } from "graphql-config";
import { loadAdminSchema } from "./app/shopify/schema/load.server";

// Every file in app/ that may hold a `#graphql` or `/* GraphQL */` document.
const documents = ["./app/**/*.{ts,tsx}", "!./app/types/**"];

// graphql-config cannot read a gzipped introspection file, but accepts SDL text
// as a schema pointer: hand it the schema parsed by the code the validation test uses.
const schema = printSchema(loadAdminSchema());

const config: IGraphQLConfig = {
  projects: {
    default: {
      schema,
      documents,
      extensions: {
        codegen: {
          pluckConfig,
          generates: {
            "./app/types/admin.types.d.ts": {
              plugins: ["typescript"],
              // Same scalar mapping as Shopify's shopifyApiTypes() (Money/Decimal/DateTime stay strings); enums as string
              // unions because a .d.ts has no runtime enum objects; no descriptions keeps the committed file ~1.5 MB.
              config: {
                defaultScalarType: "string",
                scalars: { JSON: "unknown" },
                enumsAsConst: true,
                disableDescriptions: true,
              },
            },
            "./app/types/admin.generated.d.ts": {
              preset,
              // Augment our own client instead of @shopify/admin-api-client.
              presetConfig: { apiType: ApiType.Admin, module: "~/shopify/client.server" },
            },
          },
        },
      },
    },
  },
};

export default config;
