// Drives the OpenBooking MCP server with the official TypeScript SDK client, as any third-party MCP client would:
// connect (Streamable HTTP with a bearer key, or stdio), list the tools, call every one of them, and print one
// JSON line per step to stdout for the .NET test to assert on. Used by OpenBooking.Tests/Mcp/NodeMcpClientTests.cs.
//
//   node ts-sdk-client.mjs http <url> <key> <monday yyyy-MM-dd>
//   node ts-sdk-client.mjs stdio <monday yyyy-MM-dd> <command> [args...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [mode, ...rest] = process.argv.slice(2);
let transport, monday;
if (mode === "http") {
  const [url, key, day] = rest;
  monday = day;
  transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
} else {
  const [day, command, ...args] = rest;
  monday = day;
  transport = new StdioClientTransport({ command, args, stderr: "ignore", env: { ...process.env } });
}

const print = (step, value) => console.log(JSON.stringify({ step, ...value }));
const outcome = (result) => ({
  isError: result.isError === true,
  errorCode: result._meta?.errorCode ?? null,
  hasStructured: result.structuredContent !== undefined,
  text: result.content?.map((c) => c.text).join(" ") ?? "",
  structured: result.structuredContent ?? null,
});

const client = new Client({ name: "openbooking-ts-sdk-check", version: "1.0.0" });
try {
  await client.connect(transport);
  print("connected", { protocolVersion: transport.protocolVersion ?? null, sessionId: transport.sessionId ?? null });

  const { tools } = await client.listTools();
  print("tools", { names: tools.map((t) => t.name).sort() });

  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    print(name, outcome(result));
    return result;
  };
  const email = "ts-sdk@example.com";
  await call("get_business_info", {});
  await call("list_services", {});
  await call("find_free_slots", { fromDate: monday });
  await call("check_availability", { start: `${monday}T10:00` });
  const booked = await call("create_booking", { email, start: `${monday}T10:00` });
  const bookingId = booked.structuredContent?.bookingId;
  await call("list_bookings", { email });
  await call("reschedule_booking", { email, bookingId, newStart: `${monday}T11:00` });
  await call("cancel_booking", { email, bookingId });
  await call("send_email_otp", { email });
  await call("verify_email_otp", { email, code: "000000" });
  await call("list_zaps", {});
  await call("trigger_zap", { name: "No such zap", payload: { email } });
  // A refused call: the code travels in _meta and the SDK accepts the result (no structured content to validate).
  await call("create_booking", { email, start: `${monday}T23:00` });

  try {
    await client.callTool({ name: "no_such_tool", arguments: {} });
    print("unknown_tool", { threw: false });
  } catch (error) {
    print("unknown_tool", { threw: true, message: String(error?.message ?? error) });
  }
} catch (error) {
  print("failed", { message: String(error?.stack ?? error) });
  process.exitCode = 1;
} finally {
  // A client whose request failed must still close its transport, or an open stream keeps the process alive.
  await client.close();
}
