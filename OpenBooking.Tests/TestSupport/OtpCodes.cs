using System.Text.RegularExpressions;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.TestSupport;

/// <summary>Reads one-time codes out of the emails that carry them, as a customer would.</summary>
public static partial class OtpCodes
{
    /// <summary>The first 6-digit code in a text (empty when there is none).</summary>
    public static string In(string text) => SixDigits().Match(text).Value;

    /// <summary>The code in the newest code email to that address (booking emails arrive in the same mailbox).</summary>
    public static string LatestCode(this PickupMailbox mailbox, string email) =>
        In(mailbox.ReadNewest()
            .First(m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase) && m.Subject.Contains(" code: ", StringComparison.Ordinal))
            .TextBody);

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
