using System.Text.RegularExpressions;

namespace OpenBooking.Web.Chat;

/// <summary>
/// Hides one-time codes in what is stored of a conversation: a code a customer types is read by the agent, but the
/// transcript (and the dashboard that shows it) keeps "••••••". A code is six digits on their own, possibly split in
/// two by a space or a dash ("123 456"); digits that belong to a longer number (a phone number, an amount) stay.
/// </summary>
public static partial class OneTimeCodeMask
{
    public const string Mask = "••••••";

    public static string Apply(string text) => Code().Replace(text, Mask);

    public static bool Contains(string text) => Code().IsMatch(text);

    [GeneratedRegex(@"(?<![\d+.,:/])(?<!\d[ -])\d{3}[ -]?\d{3}(?![ -]?\d)(?![.,:/]\d)")]
    private static partial Regex Code();
}
