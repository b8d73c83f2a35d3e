using System.Net.Mail;

namespace OpenBooking.Tools.Email;

public static class EmailAddress
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A plain address (no display name), with a dot in the domain, at most 254 characters.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254 || email.Any(char.IsWhiteSpace))
        {
            return false;
        }
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return false;
        }
        var domain = address.Host;
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }
}
