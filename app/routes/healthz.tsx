// Liveness and database reachability for load balancers and the local scripts that wait for the app.
import prisma from "../db.server";

export const loader = async () => {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, database: "unreachable" }, { status: 503 });
  }
};
