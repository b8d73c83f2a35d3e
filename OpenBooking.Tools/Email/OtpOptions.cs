using System.ComponentModel.DataAnnotations;

namespace OpenBooking.Tools.Email;

/// <summary>One-time code rules. Bound to the <c>Otp</c> section.</summary>
public sealed class OtpOptions
{
    public const string Section = "Otp";

    [Range(1, 60)]
    public int CodeLifetimeMinutes { get; set; } = 10;

    /// <summary>Wrong tries allowed per code; after that the code is dead and a new one is needed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a verified customer may book before verifying again.</summary>
    [Range(5, 24 * 60)]
    public int VerificationLifetimeMinutes { get; set; } = 60;

    /// <summary>After a code went out, a new one for the same email waits this long (the first may still be on its way).</summary>
    [Range(0, 3600)]
    public int ResendCooldownSeconds { get; set; } = 60;

    /// <summary>Codes sent to one email in any hour (protects the inbox and the 6-digit space).</summary>
    [Range(1, 1000)]
    public int MaxCodesPerEmailPerHour { get; set; } = 5;

    /// <summary>Codes one client address may ask for in any hour, whatever the emails (sent or failed).</summary>
    [Range(1, 100_000)]
    public int MaxCodesPerAddressPerHour { get; set; } = 20;

    /// <summary>Audit rows (<c>OtpAuditEntries</c>) older than this are deleted.</summary>
    [Range(1, 3650)]
    public int AuditRetentionDays { get; set; } = 90;
}
