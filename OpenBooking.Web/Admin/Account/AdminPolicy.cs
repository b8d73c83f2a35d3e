namespace OpenBooking.Web.Admin;

/// <summary>
/// The authorization policy that guards every dashboard page and admin endpoint: a signed-in admin (the
/// Identity application cookie). Use it as <c>[Authorize(Policy = AdminPolicy.Name)]</c> on pages and
/// <c>.RequireAuthorization(AdminPolicy.Name)</c> on endpoints.
/// </summary>
public static class AdminPolicy
{
    public const string Name = "Admin";
}
