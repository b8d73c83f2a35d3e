using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Email;

/// <summary>One-time code rules. Bound to the <c>Otp</c> section.</summary>
public sealed class OtpOptions
{
    public const string Section = "Otp";

    [Range(1, 60)]
    public int CodeLifetimeMinutes { get; set; } = 10;

    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a verified customer may book before verifying again.</summary>
    [Range(5, 24 * 60)]
    public int VerificationLifetimeMinutes { get; set; } = 60;
}
