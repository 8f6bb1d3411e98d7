// Liveness and database reachability for load balancers and the local scripts that wait for the app.
import { databaseReachable } from "../services/home.server";

export const loader = async () =>
  (await databaseReachable())
    ? Response.json({ ok: true })
    : Response.json({ ok: false, database: "unreachable" }, { status: 503 });
