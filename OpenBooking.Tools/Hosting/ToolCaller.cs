using System.Security.Claims;

namespace OpenBooking.Tools.Hosting;

/// <summary>
/// Who is calling a tool. Staff (an MCP API key over HTTP, or the local operator over stdio) may act for any
/// customer; everyone else (the chat agent among them) must show a verification token for the email.
/// </summary>
public static class ToolCaller
{
    public const string RoleClaim = "openbooking:role";
    public const string StaffRole = "staff";

    public static ClaimsPrincipal Staff(string name) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(RoleClaim, StaffRole)], authenticationType: "OpenBooking", ClaimTypes.Name, RoleClaim));

    public static bool IsStaff(ClaimsPrincipal? user) => user?.HasClaim(RoleClaim, StaffRole) == true;
}
